package dev.turso4j.spring.data.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("customer")
public record Customer(@Id Long id, String name, String city, int age) {

    public static Customer of(String name, String city, int age) {
        return new Customer(null, name, city, age);
    }
}
