package dev.turso4j.jdbc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * turso's {@code vector32} format: a BLOB of little-endian 32-bit floats, what the engine's vector
 * functions ({@code vector_distance_cos}, {@code vector_extract}, ...) read. The driver binds a
 * {@code float[]} parameter in this format and reads one back with {@code getObject(i, float[].class)};
 * these methods are for code that handles the BLOB itself (a mapping framework's converters, say).
 */
public final class TursoVectors {

    private TursoVectors() {
    }

    /**
     * @param vector the vector
     * @return its {@code vector32} BLOB
     */
    public static byte[] toBlob(float[] vector) {
        ByteBuffer blob = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        blob.asFloatBuffer().put(vector);
        return blob.array();
    }

    /**
     * @param blob a {@code vector32} BLOB
     * @return the vector it holds
     * @throws IllegalArgumentException when the BLOB's length is not a whole number of floats
     */
    public static float[] fromBlob(byte[] blob) {
        if (blob.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a BLOB of " + blob.length + " bytes is not a vector of 32-bit floats");
        }
        float[] vector = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
