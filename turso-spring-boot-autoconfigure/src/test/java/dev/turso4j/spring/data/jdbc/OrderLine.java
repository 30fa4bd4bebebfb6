package dev.turso4j.spring.data.jdbc;

import org.springframework.data.relational.core.mapping.Table;

@Table("order_line")
record OrderLine(String product, int quantity) {
}
