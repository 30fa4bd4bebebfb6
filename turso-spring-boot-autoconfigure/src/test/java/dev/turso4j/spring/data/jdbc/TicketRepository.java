package dev.turso4j.spring.data.jdbc;

import org.springframework.data.repository.ListCrudRepository;

interface TicketRepository extends ListCrudRepository<Ticket, String> {
}
