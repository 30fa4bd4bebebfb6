package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.jdbc.core.JdbcTemplate;

/** Ids the database generates come back into the saved aggregates, one at a time and in batches. */
class GeneratedIdsTests extends DataJdbcTestSupport {

    @Autowired
    CustomerRepository customers;

    @Autowired
    TicketRepository tickets;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcDialect dialect;

    @Test
    void springDataFindsTheTursoDialectByItself() {
        assertThat(this.dialect).isSameAs(TursoDialect.INSTANCE);
    }

    @Test
    void anIntegerPrimaryKeyComesBackOnSave() {
        Customer saved = this.customers.save(Customer.of("Ada", "London", 36));

        assertThat(saved.id()).isNotNull();
        assertThat(this.jdbc.queryForObject("SELECT name FROM customer WHERE id = ?", String.class, saved.id()))
            .isEqualTo("Ada");
        assertThat(this.customers.findById(saved.id())).contains(saved);
    }

    @Test
    void saveAllGivesEachAggregateItsOwnId() {
        List<Customer> saved = this.customers.saveAll(List.of(Customer.of("Alan", "Wilmslow", 41),
                Customer.of("Grace", "Arlington", 85), Customer.of("Edsger", "Austin", 72)));

        assertThat(saved).extracting(Customer::id).doesNotContainNull().doesNotHaveDuplicates();
        for (Customer customer : saved) {
            assertThat(this.jdbc.queryForObject("SELECT name FROM customer WHERE id = ?", String.class, customer.id()))
                .isEqualTo(customer.name());
        }
    }

    @Test
    void anIdFilledByADefaultExpressionIsTheColumnNotTheRowid() {
        Ticket saved = this.tickets.save(new Ticket(null, "broken build"));

        assertThat(saved.id()).matches("[0-9a-f]{32}");
        assertThat(this.tickets.findById(saved.id())).contains(saved);
    }

    @Test
    void anAssignedIdIsKeptAndUpdatedInPlace() {
        Customer saved = this.customers.save(Customer.of("Barbara", "Boston", 50));
        this.customers.save(new Customer(saved.id(), "Barbara", "Cambridge", 51));

        assertThat(this.customers.findById(saved.id())).get().extracting(Customer::city).isEqualTo("Cambridge");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customer WHERE name = 'Barbara'", Integer.class))
            .isEqualTo(1);
    }
}
