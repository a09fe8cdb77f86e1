package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.EnumIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The constraints of one request type, declared once as a list of field rules: each rule checks a
 * bound value and words the refusal of a value of the wrong JSON type, so {@link RequestReader} and
 * the input's validation give the same limit. Keys are field names; {@code "stepCounts[]"} is the
 * rule of an array's items, {@code "sections.*"} that of an object's values.
 */
final class FieldRules {

    /** One field's rule: from the bound value {@code T} (null = absent) to the checked value {@code R}. */
    record Rule<T, R>(Object limit, String expected, BiFunction<String, T, R> check) {

        BadRequestException wrongType(String field) {
            return new BadRequestException(field, limit, field + " must be " + expected);
        }

        /** A present value checked; an item that is null has the wrong type. */
        R check(String field, T value) {
            if (value == null) {
                throw wrongType(field);
            }
            return check.apply(field, value);
        }
    }

    private final Map<String, Rule<?, ?>> rules = new HashMap<>();
    private final Map<String, FieldRules> nested = new HashMap<>();

    FieldRules with(String key, Rule<?, ?> rule) {
        rules.put(key, rule);
        return this;
    }

    /** The rules of the fields of each item of the list {@code key} (a list of records). */
    FieldRules with(String key, FieldRules items) {
        nested.put(key, items);
        return this;
    }

    Rule<?, ?> rule(String key) {
        return rules.get(key);
    }

    FieldRules nested(String key) {
        return nested.get(key);
    }

    /** The checked value of {@code field}, or {@code fallback} when it is absent. */
    <T, R> R get(String field, T value, R fallback) {
        return value == null ? fallback : this.<T, R>typed(field).check(field, value);
    }

    /** An item of {@code key} (such as {@code "generate[]"}) checked under its own name {@code field}. */
    <T, R> R item(String key, String field, T value) {
        return this.<T, R>typed(key).check(field, value);
    }

    @SuppressWarnings("unchecked")
    private <T, R> Rule<T, R> typed(String key) {
        return (Rule<T, R>) rules.get(key);
    }

    static Rule<Integer, Integer> integer(int min, int max) {
        return new Rule<>(min + ".." + max, "an integer in " + min + ".." + max, (f, v) -> range(f, v, min, max));
    }

    /** An integer item (of stepCounts or lengths): the same range, a shorter word for a wrong type. */
    static Rule<Integer, Integer> integerItem(int min, int max) {
        return new Rule<>(min + ".." + max, "an integer", (f, v) -> range(f, v, min, max));
    }

    private static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadRequestException(field, min + ".." + max, field + " must be in " + min + ".." + max
                    + ", was " + value);
        }
        return value;
    }

    static Rule<Long, Long> seed() {
        return new Rule<>("a 64-bit integer", "a 64-bit integer", (f, v) -> v);
    }

    /** A finite number strictly above 0 and at most {@code max}. */
    static Rule<Double, Double> positive(double max) {
        String limit = "finite, > 0 and <= " + max;
        return new Rule<>(limit, "a number, " + limit, (f, v) -> {
            if (!Double.isFinite(v) || v <= 0 || v > max) {
                throw new BadRequestException(f, limit, f + " must be " + limit);
            }
            return v;
        });
    }

    /** A number in [0, {@code max}]; 0 usually switches the option off. */
    static Rule<Double, Double> fraction(double max) {
        String limit = "0.." + max;
        return new Rule<>(limit, "a number in " + limit, (f, v) -> {
            if (!Double.isFinite(v) || v < 0 || v > max) {
                throw new BadRequestException(f, limit, f + " must be a number in " + limit);
            }
            return v;
        });
    }

    static Rule<Boolean, Boolean> bool() {
        return new Rule<>("true|false", "true or false", (f, v) -> v);
    }

    /** A string of at most {@code maxChars} characters; a longer one is 413. */
    static Rule<String, String> text(int maxChars) {
        return new Rule<>("a string", "a string", (f, v) -> {
            if (v.length() > maxChars) {
                throw new BadRequestException(413, f, maxChars, f + " is " + v.length()
                        + " characters, more than the limit of " + maxChars);
            }
            return v;
        });
    }

    /** One of the constants of {@code type}, by name in any case. */
    static <E extends Enum<E>> Rule<String, E> choice(Class<E> type) {
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(EnumIds.id(e));
        }
        String limit = String.join("|", allowed);
        return new Rule<>(limit, "one of " + allowed, (f, v) -> {
            String s = v.strip().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (EnumIds.id(e).equals(s)) {
                    return e;
                }
            }
            throw new BadRequestException(f, limit, f + " must be one of " + allowed);
        });
    }

    static <T> Rule<List<T>, List<T>> array(int minItems, int maxItems) {
        return new Rule<>("an array", "an array", (f, v) -> {
            if (v.size() < minItems || v.size() > maxItems) {
                throw new BadRequestException(f, minItems + ".." + maxItems + " items",
                        f + " must have " + minItems + ".." + maxItems + " items, had " + v.size());
            }
            return v;
        });
    }

    /** A value whose checks need more than itself (done by the input): only its JSON type is a rule. */
    static <T> Rule<T, T> shape(Object limit, String expected) {
        return new Rule<>(limit, expected, (f, v) -> v);
    }
}
