package ai.medscribe;

import java.util.Locale;

/**
 * An enum whose constants are written as their lower-cased names wherever a person or a file sees
 * them: bundles and reports, the training job's options, requests ({@code diffusion},
 * {@code left_to_right}). One place lower-cases them.
 */
public interface LowerCaseId {

    /** The constant's name ({@link Enum#name()}). */
    String name();

    /** The constant's name, lower-cased. */
    default String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
