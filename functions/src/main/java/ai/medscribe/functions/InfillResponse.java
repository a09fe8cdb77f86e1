package ai.medscribe.functions;

import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;

/** {@code infill}'s answer: the completed note, which sections were generated, and how. */
public record InfillResponse(String note, Map<Section, String> sections, List<Section> generated,
        List<Section> given, String modelHash, int steps, long seed, long latencyMs) {
}
