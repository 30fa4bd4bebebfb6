package dev.turso4j.spring.data.jdbc;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.query.Param;

public interface CustomerRepository
        extends ListCrudRepository<Customer, Long>, ListPagingAndSortingRepository<Customer, Long> {

    List<Customer> findByCityOrderByNameAsc(String city);

    Page<Customer> findByAgeGreaterThanEqual(int age, Pageable pageable);

    List<Customer> findByNameStartingWith(String prefix, Sort sort);

    List<Customer> findFirst2ByCityIsNotNullOrderByAgeDesc();

    long countByCity(String city);

    boolean existsByName(String name);

    @Query("SELECT * FROM customer WHERE age BETWEEN :low AND :high ORDER BY age")
    List<Customer> aged(@Param("low") int low, @Param("high") int high);

    @Query("SELECT * FROM customer WHERE name LIKE :pattern ESCAPE '\\'")
    List<Customer> nameLike(@Param("pattern") String pattern);
}
