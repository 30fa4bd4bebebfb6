package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Sort.Order;

/** Pages and sorts turn into ORDER BY and LIMIT/OFFSET that turso runs. */
class PagingAndSortingTests extends DataJdbcTestSupport {

    @Autowired
    CustomerRepository customers;

    @BeforeEach
    void tenCustomers() {
        this.customers.deleteAll();
        for (int i = 0; i < 10; i++) {
            this.customers.save(Customer.of("c" + i, (i % 2 == 0) ? "Paris" : null, 20 + i));
        }
    }

    @Test
    void pagesOfFindAll() {
        Page<Customer> first = this.customers.findAll(PageRequest.of(0, 4, Sort.by("age")));
        Page<Customer> last = this.customers.findAll(PageRequest.of(2, 4, Sort.by("age")));

        assertThat(first.getContent()).extracting(Customer::name).containsExactly("c0", "c1", "c2", "c3");
        assertThat(first.getTotalElements()).isEqualTo(10);
        assertThat(first.getTotalPages()).isEqualTo(3);
        assertThat(last.getContent()).extracting(Customer::name).containsExactly("c8", "c9");
        assertThat(last.isLast()).isTrue();
    }

    @Test
    void pagesOfADerivedQuery() {
        List<Customer> all = this.customers.findAll(Sort.by(Sort.Direction.DESC, "age"));
        Page<Customer> secondPage = this.customers.findByAgeGreaterThanEqual(25, PageRequest.of(1, 3, Sort.by("age")));

        assertThat(all).extracting(Customer::name).startsWith("c9", "c8");
        assertThat(secondPage.getContent()).extracting(Customer::age).containsExactly(28, 29);
        assertThat(secondPage.getTotalElements()).isEqualTo(5);
    }

    @Test
    void sortByPropertiesAndNullHandling() {
        List<Customer> nullsFirst = this.customers.findAll(Sort.by(Order.asc("city").nullsFirst(), Order.desc("age")));
        List<Customer> nullsLast = this.customers.findAll(Sort.by(Order.asc("city").nullsLast(), Order.desc("age")));

        assertThat(nullsFirst).extracting(Customer::name).startsWith("c9", "c7");
        assertThat(nullsLast).extracting(Customer::name).startsWith("c8", "c6");
    }

    @Test
    void derivedQueryWithSortAndLimit() {
        assertThat(this.customers.findByNameStartingWith("c", Sort.by(Sort.Direction.DESC, "name")))
            .extracting(Customer::name).startsWith("c9", "c8");
        assertThat(this.customers.findFirst2ByCityIsNotNullOrderByAgeDesc()).extracting(Customer::name)
            .containsExactly("c8", "c6");
        assertThat(this.customers.findByAgeGreaterThanEqual(0, Pageable.unpaged())).hasSize(10);
    }
}
