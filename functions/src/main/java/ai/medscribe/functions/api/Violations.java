package ai.medscribe.functions.api;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Comparator;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;

import org.hibernate.validator.constraints.Range;

import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.api.dto.SectionName;

/**
 * The one mapping from Bean Validation to the service's error answer ({@link BadRequestException},
 * answered by ErrorResponses as an ErrorBody): the field as the request spells it
 * ({@code sections[1]}), the limit the field's constraints set, and a message of the service's own
 * (never the rejected value). A string over its {@code @Size} is 413, as the other functions answer
 * a text over its limit; every other violation is 400. The same limits word a value of the wrong
 * JSON type ({@link #limit}).
 */
final class Violations {

    private Violations() {
    }

    /** The refusal of the first violation (by field name, so the answer does not vary); null when there is none. */
    static BadRequestException refusal(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> field(v.getPropertyPath()))
                        .thenComparing(v -> v.getConstraintDescriptor().getAnnotation().annotationType().getName()))
                .map(Violations::refusal).orElse(null);
    }

    static BadRequestException refusal(ConstraintViolation<?> v) {
        String field = field(v.getPropertyPath());
        ConstraintDescriptor<?> d = v.getConstraintDescriptor();
        Annotation a = d.getAnnotation();
        if (a instanceof NotBlank || a instanceof NotNull) {
            return new BadRequestException(field, "required, not blank", field + " is required and must not be blank");
        }
        if (a instanceof Size size && v.getInvalidValue() instanceof CharSequence text && text.length() > size.max()) {
            return new BadRequestException(413, field, size.max(), field + " is " + text.length()
                    + " characters, more than the limit of " + size.max());
        }
        if (a instanceof Size size) {
            String limit = size.min() + ".." + size.max() + " items";
            return new BadRequestException(field, limit, field + " must have " + limit);
        }
        Object limit = limit(a, v.getRootBeanClass(), v.getPropertyPath().iterator().next().getName());
        return new BadRequestException(field, limit, field + " must be " + expected(a, limit));
    }

    /** The limit a constraint sets, as the error body's {@code limit}. */
    private static Object limit(Annotation a, Class<?> bean, String property) {
        if (a instanceof Range range) {
            return range.min() + ".." + range.max();
        }
        if (a instanceof DecimalMin || a instanceof DecimalMax) {
            return interval(bean, property);
        }
        if (a instanceof Pattern pattern) {
            return pattern.regexp();
        }
        if (a instanceof SectionName) {
            return SectionName.CHOICES;
        }
        return "valid";
    }

    private static String expected(Annotation a, Object limit) {
        if (a instanceof Range) {
            return "an integer in " + limit;
        }
        if (a instanceof DecimalMin || a instanceof DecimalMax) {
            return "a number " + limit;
        }
        return "one of " + limit;
    }

    /** The interval of a number's @DecimalMin and @DecimalMax: "> 0 and <= 1". */
    private static String interval(Class<?> bean, String property) {
        DecimalMin min = annotation(bean, property, DecimalMin.class);
        DecimalMax max = annotation(bean, property, DecimalMax.class);
        StringBuilder s = new StringBuilder();
        if (min != null) {
            s.append(min.inclusive() ? ">= " : "> ").append(min.value());
        }
        if (max != null) {
            s.append(s.length() > 0 ? " and " : "").append(max.inclusive() ? "<= " : "< ").append(max.value());
        }
        return s.toString();
    }

    private static <A extends Annotation> A annotation(Class<?> bean, String property, Class<A> type) {
        try {
            // a record component's constraints are kept on its field (their targets do not include RECORD_COMPONENT)
            return bean.getDeclaredField(property).getAnnotation(type);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /**
     * The limit of {@code property} of {@code bean} for a value of the wrong JSON type: that of its
     * first constraint that bounds a value (a range, a pattern, a section name), else its JSON type.
     */
    static Object limit(Validator validator, Class<?> bean, String property, boolean item) {
        PropertyDescriptor p = validator.getConstraintsForClass(bean).getConstraintsForProperty(property);
        if (p == null) {
            return null;
        }
        if (item) {
            for (var container : p.getConstrainedContainerElementTypes()) {
                for (ConstraintDescriptor<?> d : container.getConstraintDescriptors()) {
                    if (d.getAnnotation() instanceof SectionName) {
                        return SectionName.CHOICES;
                    }
                }
            }
            return "a string";
        }
        for (ConstraintDescriptor<?> d : p.getConstraintDescriptors()) {
            Annotation a = d.getAnnotation();
            if (a instanceof Range || a instanceof Pattern || a instanceof DecimalMin || a instanceof DecimalMax) {
                return limit(a, bean, property);
            }
            if (a instanceof Size size && p.getElementClass() == String.class) {
                return "a string of at most " + size.max() + " characters";
            }
            if (a instanceof Size size) {
                return "an array of " + size.min() + ".." + size.max() + " items";
            }
        }
        return p.getElementClass() == String.class ? "a string" : "a " + p.getElementClass().getSimpleName();
    }

    /** The field as the request spells it: {@code steps}, {@code sections[1]}. */
    static String field(Path path) {
        StringBuilder s = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                s.append('[').append(node.getIndex()).append(']');
            } else if (node.getName() != null) {
                s.append(s.length() > 0 ? "." : "").append(node.getName());
            }
        }
        return s.toString();
    }
}
