package dev.turso4j.spring.boot.autoconfigure;

/**
 * A {@code turso.*} property has a value the starter cannot use. Thrown by the setters of
 * {@link TursoProperties} while Spring Boot binds them (so the start-up fails before any database is
 * opened), and by the auto-configuration for combinations of properties; {@link TursoFailureAnalyzers}
 * turns it into a description naming the property, the value and where it was set, and an action
 * with a valid example.
 */
public class TursoInvalidPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String value;

    private final String requirement;

    private final String example;

    private final String fix;

    /**
     * @param property canonical name of the property, for example {@code turso.busy-timeout}
     * @param value the rejected value
     * @param requirement what a valid value is, completing "must be ...", for example "a positive duration"
     * @param example a valid value, for example {@code 5s}
     */
    public TursoInvalidPropertyException(String property, Object value, String requirement, String example) {
        this(property, value, requirement, example, null);
    }

    private TursoInvalidPropertyException(String property, Object value, String requirement, String example,
            String fix) {
        super(property + " must be " + requirement + ", not " + value);
        this.property = property;
        this.value = String.valueOf(value);
        this.requirement = requirement;
        this.example = example;
        this.fix = fix;
    }

    /**
     * A value that is not valid in this configuration, with what to do instead.
     * @param property canonical name of the property
     * @param value the value it was set to
     * @param requirement what a valid value is, completing "must be ...", for example "unset (...)"
     * @param fix what to do instead, in a sentence or two
     * @return the exception to throw
     */
    static TursoInvalidPropertyException invalid(String property, Object value, String requirement, String fix) {
        return new TursoInvalidPropertyException(property, value, requirement, null, fix);
    }

    /** @return the canonical name of the property, for example {@code turso.busy-timeout} */
    public String getProperty() {
        return this.property;
    }

    /** @return the rejected value, as bound */
    public String getValue() {
        return this.value;
    }

    /** @return what a valid value is, for example "a positive duration" */
    public String getRequirement() {
        return this.requirement;
    }

    /** @return a valid value, for example {@code 5s}, or {@code null} when the property must not be set */
    public String getExample() {
        return this.example;
    }

    /** @return what to do when the property must not be set, or {@code null} when {@link #getExample()} shows a fix */
    public String getFix() {
        return this.fix;
    }
}
