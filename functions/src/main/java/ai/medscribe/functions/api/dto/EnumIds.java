package ai.medscribe.functions.api.dto;

import java.util.Locale;

/** How the API spells an enum constant: its name in lower case ({@code SCAFFOLD} is {@code scaffold}). */
public final class EnumIds {

    private EnumIds() {
    }

    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
