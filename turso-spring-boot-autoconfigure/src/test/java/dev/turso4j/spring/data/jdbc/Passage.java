package dev.turso4j.spring.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("passage")
record Passage(@Id Long id, String text, float[] embedding) {
}
