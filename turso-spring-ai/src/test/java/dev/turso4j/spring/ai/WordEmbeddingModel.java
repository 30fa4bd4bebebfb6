package dev.turso4j.spring.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A deterministic {@link EmbeddingModel} for tests: each word adds 1 to the dimension its hash picks,
 * and the vector is scaled to length 1. Texts sharing words are near; no model is downloaded.
 */
public class WordEmbeddingModel implements EmbeddingModel {

    private final int dimensions;

    private final AtomicInteger calls = new AtomicInteger();

    public WordEmbeddingModel(int dimensions) {
        this.dimensions = dimensions;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        this.calls.incrementAndGet();
        List<Embedding> embeddings = new ArrayList<>();
        for (String text : request.getInstructions()) {
            embeddings.add(new Embedding(embed(text), embeddings.size()));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(String text) {
        float[] vector = new float[this.dimensions];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                vector[Math.floorMod(word.hashCode(), this.dimensions)] += 1;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        for (int i = 0; i < vector.length && norm > 0; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    @Override
    public float[] embed(org.springframework.ai.document.Document document) {
        return embed(document.getText());
    }

    @Override
    public int dimensions() {
        return this.dimensions;
    }

    /** @return how many times {@link #call(EmbeddingRequest)} ran: one per batch of documents */
    public int calls() {
        return this.calls.get();
    }
}
