package dev.turso4j.spring;

import java.util.function.Supplier;

/**
 * Supplies the auth token of a replica's remote database. Declared as a bean, it takes precedence
 * over the {@code turso.auth-token} property. It is called before every request to the remote, so
 * it can return a freshly rotated token (from a secrets manager, say) without a restart.
 */
@FunctionalInterface
public interface TursoAuthTokenProvider extends Supplier<String> {

    /**
     * @return the token to send now, or {@code null} for none
     */
    @Override
    String get();
}
