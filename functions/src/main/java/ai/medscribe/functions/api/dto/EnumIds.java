package ai.medscribe.functions.api.dto;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the API spells an enum constant: its name in lower case ({@code SCAFFOLD} is {@code scaffold}). */
public final class EnumIds {

    private EnumIds() {
    }

    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The constants of {@code type} as the API spells them. */
    public static List<String> choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> id(e)).toList();
    }

    /** The constant {@code value} names, in any case, blanks around ignored ({@link OneOf}); empty for null. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String id = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> id(e).equals(id)).findFirst();
    }
}
