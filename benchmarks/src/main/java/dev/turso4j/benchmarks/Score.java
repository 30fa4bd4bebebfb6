package dev.turso4j.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A measured score: the mean of per-iteration samples (higher is better: operations, rows or
 * queries per second; for startup, milliseconds, lower is better), and the half-width of its 99.9%
 * confidence interval, computed the same way for every side (JMH's way).
 */
public record Score(double mean, double error, double[] samples) {

    public static Score of(double[] samples) {
        int n = samples.length;
        double mean = Arrays.stream(samples).average().orElse(Double.NaN);
        double error = Double.NaN;
        if (n > 1) {
            double var = Arrays.stream(samples).map((x) -> (x - mean) * (x - mean)).sum() / (n - 1);
            error = studentT999(n - 1) * Math.sqrt(var / n);
        }
        return new Score(mean, error, samples);
    }

    private static double studentT999(int df) {
        double[] t = { 636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587, 4.437, 4.318, 4.221,
            4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674,
            3.659, 3.646 };
        return (df <= t.length) ? t[df - 1] : 3.291;
    }

    /** The line format the native binary prints too. */
    public String line(String workload, String side) {
        return String.format(Locale.ROOT, "result\t%s\t%s\t%.3f\t%.3f\t%s", workload, side, this.mean, this.error,
                Arrays.stream(this.samples).mapToObj((s) -> String.format(Locale.ROOT, "%.3f", s))
                    .collect(Collectors.joining(",")));
    }

    /** Parses a line of {@link #line}; returns {workload, side} in {@code key}. */
    public static Score parse(String line, String[] key) {
        String[] f = line.split("\t");
        key[0] = f[1];
        key[1] = f[2];
        double[] samples = Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray();
        return new Score(Double.parseDouble(f[3]), Double.parseDouble(f[4]), samples);
    }
}
