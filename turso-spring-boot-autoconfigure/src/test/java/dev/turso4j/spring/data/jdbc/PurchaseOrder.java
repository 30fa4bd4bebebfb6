package dev.turso4j.spring.data.jdbc;

import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.Table;

/** An aggregate: its lines live and die with it; the customer is another aggregate, referenced by id. */
@Table("purchase_order")
record PurchaseOrder(@Id Long id, AggregateReference<Customer, Long> customer, String note, List<OrderLine> lines) {
}
