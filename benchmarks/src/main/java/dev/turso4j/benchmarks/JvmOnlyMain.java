package dev.turso4j.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Workload 7's floor: a JVM that starts and prints the clock, with no Spring and no database. */
public final class JvmOnlyMain {

    private JvmOnlyMain() {
    }

    public static void main(String[] args) {
        System.out.println("first_query_epoch_micros\t" + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    }
}
