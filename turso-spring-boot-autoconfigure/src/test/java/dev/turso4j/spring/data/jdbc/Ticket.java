package dev.turso4j.spring.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An id the table fills with a DEFAULT expression: not the rowid. */
@Table("ticket")
record Ticket(@Id String id, String title) {
}
