package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.jdbc.core.JdbcTemplate;

/** An aggregate with a one-to-many list of entities and a reference to another aggregate. */
class AggregatesTests extends DataJdbcTestSupport {

    @Autowired
    PurchaseOrderRepository orders;

    @Autowired
    CustomerRepository customers;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theLinesAreSavedLoadedReplacedAndDeletedWithTheirOrder() {
        Customer ada = this.customers.save(Customer.of("Ada", "London", 36));
        PurchaseOrder saved = this.orders.save(new PurchaseOrder(null, AggregateReference.to(ada.id()), "first",
                List.of(new OrderLine("tea", 2), new OrderLine("scones", 6), new OrderLine("jam", 1))));

        PurchaseOrder loaded = this.orders.findById(saved.id()).orElseThrow();
        assertThat(loaded.lines()).containsExactly(new OrderLine("tea", 2), new OrderLine("scones", 6),
                new OrderLine("jam", 1));
        assertThat(loaded.customer().getId()).isEqualTo(ada.id());

        this.orders.save(new PurchaseOrder(saved.id(), loaded.customer(), "changed", List.of(new OrderLine("milk", 1))));
        assertThat(this.orders.findById(saved.id()).orElseThrow().lines()).containsExactly(new OrderLine("milk", 1));
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM order_line WHERE purchase_order = ?", Integer.class, saved.id())).isEqualTo(1);

        this.orders.deleteById(saved.id());
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM order_line WHERE purchase_order = ?", Integer.class, saved.id())).isZero();
        assertThat(this.customers.existsById(ada.id())).isTrue();
    }

    @Test
    void aDerivedQueryByAggregateReference() {
        Customer grace = this.customers.save(Customer.of("Grace", "Arlington", 85));
        Customer alan = this.customers.save(Customer.of("Alan", "Wilmslow", 41));
        this.orders.save(new PurchaseOrder(null, AggregateReference.to(grace.id()), "g1", List.of(new OrderLine("a", 1))));
        this.orders.save(new PurchaseOrder(null, AggregateReference.to(grace.id()), "g2", List.of()));
        this.orders.save(new PurchaseOrder(null, AggregateReference.to(alan.id()), "a1", List.of(new OrderLine("b", 2))));

        List<PurchaseOrder> graces = this.orders.findByCustomer(AggregateReference.to(grace.id()));

        assertThat(graces).extracting(PurchaseOrder::note).containsExactlyInAnyOrder("g1", "g2");
        assertThat(graces).filteredOn(o -> o.note().equals("g1")).singleElement()
            .satisfies(o -> assertThat(o.lines()).containsExactly(new OrderLine("a", 1)));
    }
}
