package ai.medscribe.dialog;

/** A way to write a note section from a conversation without a model, to measure models against. */
public interface Baseline {

    /** The section with header {@code header} for the conversation {@code dialogue}. */
    String generate(String dialogue, MtsHeader header);
}
