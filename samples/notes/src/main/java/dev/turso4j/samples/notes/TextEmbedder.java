package dev.turso4j.samples.notes;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Turns text into a vector so similar texts get nearby vectors. A stand-in for a real embedding
 * model (Spring AI's EmbeddingModel, say): words are hashed into 64 buckets and the counts
 * normalized, which is enough for notes that share words to come out as similar.
 */
@Component
public class TextEmbedder {

    static final int DIMENSIONS = 64;

    public float[] embed(String text) {
        float[] vector = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] /= (float) Math.sqrt(norm);
            }
        }
        return vector;
    }
}
