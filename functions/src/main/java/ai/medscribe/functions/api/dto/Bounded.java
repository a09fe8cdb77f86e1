package ai.medscribe.functions.api.dto;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Collection;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import ai.medscribe.note.Section;

/**
 * A value within a bound the service's {@link RequestLimits} set: the loaded model's maximum length,
 * the configured counts and sizes, or a fixed interval. The limits are the validation's constraint
 * validator payload (the current ones, read per request); the error body words the bound with
 * {@link Bound#limit}. Null passes (a field left out takes its default).
 */
@Target({FIELD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = Bounded.Check.class)
public @interface Bounded {

    Bound value();

    String message() default "out of bounds";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The bounds, each the interval (or size) of one kind of value. */
    enum Bound {
        /** An integer in 1..the model's maximum length: steps, maxLength, a step count, a section's length. */
        MODEL_LENGTH(Kind.INTEGER),
        /** An integer in 0..the model's maximum length: blockLength (0: one block). */
        BLOCK_LENGTH(Kind.INTEGER),
        COUNT(Kind.INTEGER),
        SAMPLES(Kind.INTEGER),
        /** A finite number above 0 and at most the maximum temperature. */
        TEMPERATURE(Kind.POSITIVE),
        /** A number in 0..1: the confidence at which a token is committed. */
        THRESHOLD(Kind.FRACTION),
        /** A number in 0..0.99: the confidence below which a committed token is revised. */
        REVISE(Kind.FRACTION),
        /** A text of at most the note size limit (413 beyond). */
        NOTE_CHARS(Kind.TEXT),
        STEP_COUNTS(Kind.ITEMS),
        /** 1..5 section names (the SOAP sections, each at most once). */
        SECTIONS(Kind.ITEMS),
        INFILL_NOTES(Kind.ITEMS);

        public enum Kind { INTEGER, POSITIVE, FRACTION, TEXT, ITEMS }

        private final Kind kind;

        Bound(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        public double min(RequestLimits l) {
            return switch (this) {
                case BLOCK_LENGTH, THRESHOLD, REVISE, TEMPERATURE -> 0;
                default -> 1;
            };
        }

        public double max(RequestLimits l) {
            return switch (this) {
                case MODEL_LENGTH, BLOCK_LENGTH -> l.maxLength();
                case COUNT -> l.maxCount();
                case SAMPLES -> l.maxSamples();
                case TEMPERATURE -> l.maxTemperature();
                case THRESHOLD -> 1.0;
                case REVISE -> 0.99;
                case NOTE_CHARS -> l.maxNoteChars();
                case STEP_COUNTS -> l.maxStepCounts();
                case SECTIONS -> Section.SOAP.size();
                case INFILL_NOTES -> l.maxInfillNotes();
            };
        }

        /** The bound as the error body's {@code limit}: "1..128", "finite, > 0 and <= 10.0", 8000, "1..16 items". */
        public Object limit(RequestLimits l) {
            return switch (kind) {
                case INTEGER -> (int) min(l) + ".." + (int) max(l);
                case POSITIVE -> "finite, > 0 and <= " + max(l);
                case FRACTION -> "0.." + max(l);
                case TEXT -> (int) max(l);
                case ITEMS -> (int) min(l) + ".." + (int) max(l) + " items";
            };
        }

        /** Whether {@code value} (non-null, of the bound's type) is within the bound. */
        public boolean admits(Object value, RequestLimits l) {
            return switch (kind) {
                case INTEGER -> ((Number) value).longValue() >= min(l) && ((Number) value).longValue() <= max(l);
                case POSITIVE -> {
                    double v = ((Number) value).doubleValue();
                    yield Double.isFinite(v) && v > 0 && v <= max(l);
                }
                case FRACTION -> {
                    double v = ((Number) value).doubleValue();
                    yield Double.isFinite(v) && v >= 0 && v <= max(l);
                }
                case TEXT -> ((CharSequence) value).length() <= max(l);
                case ITEMS -> ((Collection<?>) value).size() >= min(l) && ((Collection<?>) value).size() <= max(l);
            };
        }
    }

    class Check implements ConstraintValidator<Bounded, Object> {

        private Bound bound;

        @Override
        public void initialize(Bounded annotation) {
            bound = annotation.value();
        }

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            RequestLimits limits = context.unwrap(HibernateConstraintValidatorContext.class)
                    .getConstraintValidatorPayload(RequestLimits.class);
            if (limits == null) {
                throw new IllegalStateException("@Bounded is checked with the current RequestLimits as payload");
            }
            return bound.admits(value, limits);
        }
    }
}
