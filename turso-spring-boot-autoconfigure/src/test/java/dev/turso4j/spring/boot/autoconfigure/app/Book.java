package dev.turso4j.spring.boot.autoconfigure.app;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.LocalDate;

@Entity
public class Book {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String title;

    private BigDecimal price;

    private LocalDate published;

    private boolean available;

    protected Book() {
    }

    public Book(String title, BigDecimal price, LocalDate published, boolean available) {
        this.title = title;
        this.price = price;
        this.published = published;
        this.available = available;
    }

    public Long getId() {
        return this.id;
    }

    public String getTitle() {
        return this.title;
    }

    public BigDecimal getPrice() {
        return this.price;
    }

    public LocalDate getPublished() {
        return this.published;
    }

    public boolean isAvailable() {
        return this.available;
    }

    public void setTitle(String title) {
        this.title = title;
    }
}
