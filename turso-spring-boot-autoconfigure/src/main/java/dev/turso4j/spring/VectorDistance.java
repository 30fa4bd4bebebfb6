package dev.turso4j.spring;

/**
 * How {@link TursoTemplate#nearest} measures the distance between vectors.
 */
public enum VectorDistance {

    /** {@code vector_distance_cos}: 1 - cosine similarity; 0 for vectors pointing the same way. */
    COSINE("vector_distance_cos"),

    /** {@code vector_distance_l2}: Euclidean distance. */
    L2("vector_distance_l2");

    private final String function;

    VectorDistance(String function) {
        this.function = function;
    }

    /**
     * @return the SQL function computing this distance
     */
    public String function() {
        return this.function;
    }
}
