package ai.medscribe.functions.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.Range;

import com.fasterxml.jackson.databind.JsonMappingException;

import ai.medscribe.functions.api.dto.Bounded;
import ai.medscribe.functions.api.dto.EnumIds;
import ai.medscribe.functions.api.dto.OneOf;
import ai.medscribe.functions.api.dto.RequestLimits;
import ai.medscribe.functions.api.dto.SectionName;
import ai.medscribe.functions.service.BadRequestException;

/**
 * The one mapping from a refused request record to the service's error answer
 * ({@link BadRequestException}, answered by ErrorResponses as an ErrorBody): the field as the request
 * spells it ({@code notes[1].generate[0]}, {@code sections.HPI}), the limit the field's constraints
 * set (with the current {@link RequestLimits} for {@link Bounded}), and a message of the service's own
 * (never the rejected value). A text over its limit is 413; every other violation is 400. The same
 * constraints word a value of the wrong JSON type ({@link #wrongType}).
 */
final class Violations {

    private Violations() {
    }

    /** The refusal of the first violation (by field name, so the answer does not vary); null when there is none. */
    static BadRequestException refusal(Collection<? extends ConstraintViolation<?>> violations, RequestLimits limits) {
        return violations.stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> field(v.getPropertyPath()))
                        .thenComparing(v -> v.getConstraintDescriptor().getAnnotation().annotationType().getName()))
                .map(v -> refusal(v, limits)).orElse(null);
    }

    static BadRequestException refusal(ConstraintViolation<?> v, RequestLimits limits) {
        String field = field(v.getPropertyPath());
        Annotation a = v.getConstraintDescriptor().getAnnotation();
        Object value = v.getInvalidValue();
        if ((a instanceof NotNull || a instanceof NotBlank) && isItem(v.getPropertyPath())) {
            // a null item or value: a value of the wrong JSON type, as Jackson's refusals are answered
            Expected e = expected(Shape.ofItem(v.getRootBeanClass(), v.getPropertyPath()), limits);
            return new BadRequestException(field, e.limit(), field + " must be " + e.words());
        }
        if (a instanceof NotBlank || a instanceof NotNull) {
            return new BadRequestException(field, "required, not blank", field + " is required and must not be blank");
        }
        if (a instanceof Size size && value instanceof CharSequence text) {
            return tooLong(field, text, size.max());
        }
        if (a instanceof Size size) {
            String limit = size.min() + ".." + size.max() + " items";
            return new BadRequestException(field, limit, field + " must have " + limit + ", had " + count(value));
        }
        if (a instanceof Bounded bounded) {
            Bounded.Bound b = bounded.value();
            Object limit = b.limit(limits);
            return switch (b.kind()) {
                case INTEGER -> new BadRequestException(field, limit, field + " must be in " + limit + ", was " + value);
                case POSITIVE -> new BadRequestException(field, limit, field + " must be " + limit);
                case FRACTION -> new BadRequestException(field, limit, field + " must be a number in " + limit);
                case TEXT -> tooLong(field, (CharSequence) value, (int) limit);
                case ITEMS -> new BadRequestException(field, limit, field + " must have " + limit + ", had " + count(value));
            };
        }
        if (a instanceof OneOf oneOf) {
            List<String> choices = EnumIds.choices(oneOf.value());
            return new BadRequestException(field, String.join("|", choices), field + " must be one of " + choices);
        }
        Object limit = limit(a, v.getRootBeanClass(), v.getPropertyPath().iterator().next().getName());
        return new BadRequestException(field, limit, field + " must be " + (a instanceof Range ? "an integer in " + limit
                : a instanceof DecimalMin || a instanceof DecimalMax ? "a number " + limit : "one of " + limit));
    }

    private static BadRequestException tooLong(String field, CharSequence text, int max) {
        return new BadRequestException(413, field, max, field + " is " + text.length()
                + " characters, more than the limit of " + max);
    }

    private static int count(Object value) {
        return value instanceof Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : 0;
    }

    /** The limit a constraint of a draft field sets, as the error body's {@code limit}. */
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

    /** The interval of a number's @DecimalMin and @DecimalMax: "> 0 and <= 1". */
    private static String interval(Class<?> bean, String property) {
        DecimalMin min = component(bean, property).getAnnotation(DecimalMin.class);
        DecimalMax max = component(bean, property).getAnnotation(DecimalMax.class);
        StringBuilder s = new StringBuilder();
        if (min != null) {
            s.append(min.inclusive() ? ">= " : "> ").append(min.value());
        }
        if (max != null) {
            s.append(s.length() > 0 ? " and " : "").append(max.inclusive() ? "<= " : "< ").append(max.value());
        }
        return s.toString();
    }

    /** A record component's field: its constraints are kept there (their targets do not include RECORD_COMPONENT). */
    private static Field component(Class<?> bean, String property) {
        try {
            return bean.getDeclaredField(property);
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(bean.getSimpleName() + " has no field " + property, e);
        }
    }

    /** A value's declared type and constraints, and whether it is an item of a list or a value of a map. */
    record Shape(AnnotatedType type, boolean item) {

        /** The shape at a Jackson path below {@code root} ({@code [notes, 1, generate, 0]}). */
        static Shape at(Class<?> root, List<JsonMappingException.Reference> path) {
            Class<?> bean = root;
            AnnotatedType type = null;
            boolean item = false;
            for (JsonMappingException.Reference ref : path) {
                if (type != null && !(raw(type).isRecord())) {
                    type = argument(type, ref.getIndex() >= 0 ? 0 : 1);
                    item = true;
                    continue;
                }
                if (type != null) {
                    bean = raw(type);
                }
                type = component(bean, ref.getFieldName()).getAnnotatedType();
                item = false;
            }
            return new Shape(type, item);
        }

        /** The shape of the item a violation names ({@code generate[0]}, {@code sections[HPI]}). */
        static Shape ofItem(Class<?> root, Path path) {
            Class<?> bean = root;
            AnnotatedType type = null;
            for (Iterator<Path.Node> nodes = path.iterator(); nodes.hasNext();) {
                Path.Node node = nodes.next();
                if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                    type = argument(type, node.getKey() != null ? 1 : 0);
                } else if (node.getName() != null) {
                    if (type != null) {
                        bean = raw(type);
                    }
                    type = component(bean, node.getName()).getAnnotatedType();
                }
            }
            return new Shape(type, true);
        }

        private static AnnotatedType argument(AnnotatedType type, int map) {
            AnnotatedType[] args = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments();
            return args.length == 1 ? args[0] : args[map];
        }
    }

    static Class<?> raw(AnnotatedType t) {
        Type type = t.getType();
        return (Class<?>) (type instanceof ParameterizedType p ? p.getRawType() : type);
    }

    /** What a value of a shape must be, as the error body's limit and in words. */
    record Expected(Object limit, String words) {
    }

    static Expected expected(Shape shape, RequestLimits limits) {
        AnnotatedType type = shape.type();
        Class<?> raw = raw(type);
        for (Annotation a : type.getAnnotations()) {
            if (a instanceof Bounded bounded) {
                Bounded.Bound b = bounded.value();
                Object limit = b.limit(limits);
                return switch (b.kind()) {
                    case INTEGER -> new Expected(limit, shape.item() ? "an integer" : "an integer in " + limit);
                    case POSITIVE -> new Expected(limit, "a number, " + limit);
                    case FRACTION -> new Expected(limit, "a number in " + limit);
                    case TEXT -> new Expected("a string", "a string");
                    case ITEMS -> new Expected("an array", "an array");
                };
            }
            if (a instanceof OneOf oneOf) {
                List<String> choices = EnumIds.choices(oneOf.value());
                return new Expected(String.join("|", choices), "one of " + choices);
            }
            if (a instanceof SectionName) {
                return new Expected(SectionName.CHOICES, "one of " + SectionName.CHOICES);
            }
            if (a instanceof Range || a instanceof Pattern) {
                Object limit = a instanceof Range r ? r.min() + ".." + r.max() : ((Pattern) a).regexp();
                return new Expected(limit, a instanceof Range ? "an integer in " + limit : "one of " + limit);
            }
            if ((a instanceof DecimalMin || a instanceof DecimalMax)) {
                DecimalMin min = type.getAnnotation(DecimalMin.class);
                DecimalMax max = type.getAnnotation(DecimalMax.class);
                String limit = (min == null ? "" : (min.inclusive() ? ">= " : "> ") + min.value())
                        + (min != null && max != null ? " and " : "")
                        + (max == null ? "" : (max.inclusive() ? "<= " : "< ") + max.value());
                return new Expected(limit, "a number " + limit);
            }
            if (a instanceof Size size && !shape.item() && raw == String.class) {
                String limit = "a string of at most " + size.max() + " characters";
                return new Expected(limit, limit);
            }
            if (a instanceof Size size && !shape.item() && Collection.class.isAssignableFrom(raw)) {
                String limit = "an array of " + size.min() + ".." + size.max() + " items";
                return new Expected(limit, limit);
            }
        }
        if (raw == Boolean.class) {
            return new Expected("true|false", "true or false");
        }
        if (raw == Long.class) {
            return new Expected("a 64-bit integer", "a 64-bit integer");
        }
        if (raw == String.class) {
            return new Expected("a string", "a string");
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return new Expected("an array", "an array");
        }
        if (Map.class.isAssignableFrom(raw)) {
            String values = raw(((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[1]) == String.class
                    ? "text" : "token count";
            return new Expected("an object of section name to " + values, "an object of section name to " + values);
        }
        if (raw.isRecord()) {
            String fields = Arrays.stream(raw.getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.joining(", ", "{", "}"));
            return new Expected("an object " + fields, "an object " + fields);
        }
        return new Expected("a " + raw.getSimpleName(), "a " + raw.getSimpleName());
    }

    /** The refusal of a value of the wrong JSON type at {@code path} below {@code root}. */
    static BadRequestException wrongType(Class<?> root, List<JsonMappingException.Reference> path, RequestLimits limits) {
        String field = field(path);
        Expected e = expected(Shape.at(root, path), limits);
        return new BadRequestException(field, e.limit(), field + " must be " + e.words());
    }

    /** The field as the request spells it from a Jackson path: {@code notes[1].generate[0]}, {@code lengths.PLAN}. */
    static String field(List<JsonMappingException.Reference> path) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            } else {
                s.append(s.length() > 0 ? "." : "").append(ref.getFieldName());
            }
        }
        return s.toString();
    }

    /** The field as the request spells it: {@code steps}, {@code sections[1]}, {@code lengths.PLAN}. */
    static String field(Path path) {
        StringBuilder s = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getKey() != null) {
                s.append('.').append(node.getKey());
            } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                s.append('[').append(node.getIndex()).append(']');
            } else if (node.getName() != null) {
                if (node.getIndex() != null) {
                    // a bean inside a list: notes[1].note
                    s.append('[').append(node.getIndex()).append(']');
                }
                s.append(s.length() > 0 ? "." : "").append(node.getName());
            }
        }
        return s.toString();
    }

    private static boolean isItem(Path path) {
        Path.Node last = null;
        for (Path.Node node : path) {
            last = node;
        }
        return last != null && last.getKind() == ElementKind.CONTAINER_ELEMENT;
    }
}
