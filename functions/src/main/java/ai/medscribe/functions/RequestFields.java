package ai.medscribe.functions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads and checks the fields of a JSON request object; every failure is a
 * {@link BadRequestException} naming the field and its limit. Unknown fields are refused, so a
 * misspelt option ("temprature") is an error rather than silently ignored.
 */
final class RequestFields {

    private final JsonNode body;

    private RequestFields(JsonNode body) {
        this.body = body;
    }

    /** The request object (null or empty body = {}), refusing fields outside {@code known}. */
    static RequestFields of(JsonNode body, Set<String> known) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new RequestFields(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!body.isObject()) {
            throw new BadRequestException("body", "a JSON object", "the request body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new BadRequestException(name, known.stream().sorted().toList(), "unknown field '" + name + "'");
            }
        }
        return new RequestFields(body);
    }

    boolean has(String name) {
        JsonNode v = body.get(name);
        return v != null && !v.isNull();
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    int integer(String name, int min, int max, int fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadRequestException(name, min + ".." + max, name + " must be an integer in " + min + ".." + max);
        }
        return checkRange(name, v.asInt(), min, max);
    }

    static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadRequestException(name, min + ".." + max, name + " must be in " + min + ".." + max
                    + ", was " + value);
        }
        return value;
    }

    long longValue(String name, long fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadRequestException(name, "a 64-bit integer", name + " must be a 64-bit integer");
        }
        return v.asLong();
    }

    /** A finite number strictly above 0 and at most {@code max}. */
    double positive(String name, double max, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        String limit = "finite, > 0 and <= " + max;
        if (!v.isNumber()) {
            throw new BadRequestException(name, limit, name + " must be a number, " + limit);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || d <= 0 || d > max) {
            throw new BadRequestException(name, limit, name + " must be " + limit);
        }
        return d;
    }

    /** A number in [0, {@code max}]; 0 usually switches the option off. */
    double fraction(String name, double max, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        String limit = "0.." + max;
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > max) {
            throw new BadRequestException(name, limit, name + " must be a number in " + limit);
        }
        return v.asDouble();
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        if (!body.get(name).isBoolean()) {
            throw new BadRequestException(name, "true|false", name + " must be true or false");
        }
        return body.get(name).asBoolean();
    }

    String text(String name, int maxChars) {
        if (!has(name)) {
            return null;
        }
        return text(body.get(name), name, maxChars);
    }

    static String text(JsonNode v, String name, int maxChars) {
        if (!v.isTextual()) {
            throw new BadRequestException(name, "a string", name + " must be a string");
        }
        String s = v.asText();
        if (s.length() > maxChars) {
            throw new BadRequestException(413, name, maxChars, name + " is " + s.length()
                    + " characters, more than the limit of " + maxChars);
        }
        return s;
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        if (!has(name)) {
            return fallback;
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        JsonNode v = body.get(name);
        if (v.isTextual()) {
            String s = v.asText().strip().toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return e;
                }
            }
        }
        throw new BadRequestException(name, String.join("|", allowed), name + " must be one of " + allowed);
    }

    List<JsonNode> array(String name, int minItems, int maxItems) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode v = body.get(name);
        if (!v.isArray()) {
            throw new BadRequestException(name, "an array", name + " must be an array");
        }
        if (v.size() < minItems || v.size() > maxItems) {
            throw new BadRequestException(name, minItems + ".." + maxItems + " items",
                    name + " must have " + minItems + ".." + maxItems + " items, had " + v.size());
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }
}
