package dev.turso4j.spring.ai;

import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;

/**
 * How {@link TursoVectorStore} measures how near two embeddings are, with the turso function that
 * computes the distance and the rule that turns a distance into the {@code Document.score} (higher is
 * more similar) that Spring AI's similarity threshold compares with.
 */
public enum TursoDistanceType {

    /** {@code vector_distance_cos} (1 - cosine similarity); the score is the cosine similarity. */
    COSINE("vector_distance_cos", VectorStoreSimilarityMetric.COSINE) {
        @Override
        public double score(double distance) {
            return 1 - distance;
        }

        @Override
        double maxDistance(double similarityThreshold) {
            return 1 - similarityThreshold;
        }
    },

    /** {@code vector_distance_l2} (Euclidean distance d); the score is {@code 1 / (1 + d)}, in (0, 1]. */
    EUCLIDEAN("vector_distance_l2", VectorStoreSimilarityMetric.EUCLIDEAN) {
        @Override
        public double score(double distance) {
            return 1 / (1 + distance);
        }

        @Override
        double maxDistance(double similarityThreshold) {
            return 1 / similarityThreshold - 1;
        }
    },

    /**
     * {@code vector_distance_dot} (the negative dot product); the score is the dot product, which is the
     * cosine similarity for embeddings of length 1.
     */
    DOT("vector_distance_dot", VectorStoreSimilarityMetric.DOT) {
        @Override
        public double score(double distance) {
            return -distance;
        }

        @Override
        double maxDistance(double similarityThreshold) {
            return -similarityThreshold;
        }
    };

    private final String function;

    private final VectorStoreSimilarityMetric metric;

    TursoDistanceType(String function, VectorStoreSimilarityMetric metric) {
        this.function = function;
        this.metric = metric;
    }

    /** @return the turso SQL function computing this distance (smaller is nearer) */
    public String function() {
        return this.function;
    }

    /**
     * @param distance a distance computed by {@link #function()}
     * @return the similarity score of that distance: higher is more similar
     */
    public abstract double score(double distance);

    /** The largest distance whose score is at least {@code similarityThreshold} (which is above 0). */
    abstract double maxDistance(double similarityThreshold);

    /** @return the similarity metric named in Spring AI's vector store observations */
    String similarityMetric() {
        return this.metric.value();
    }
}
