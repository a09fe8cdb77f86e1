package ai.medscribe.functions;

import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;

/**
 * {@code infill}'s answer: the completed note and its sections, which sections were generated and
 * which were kept verbatim, the given text that fits no section ({@code unparsed}, also in
 * {@code note}), the model, the options used and the latency.
 */
public record InfillResponse(String note, Map<Section, String> sections, List<Section> generated,
        List<Section> given, List<UnparsedText> unparsed, ModelInfo model, int steps, double temperature, long seed, long latencyMs) {
}
