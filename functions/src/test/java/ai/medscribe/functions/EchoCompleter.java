package ai.medscribe.functions;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.medscribe.note.Section;

/**
 * TEST ONLY: stands in for the sampler so the trigger's plumbing can be tested before the model
 * is wired. It writes a fixed marker text into each generated section; it is not a note writer.
 */
@ApplicationScoped
public class EchoCompleter implements NoteCompleter {

    static final String HASH = "test-completer";

    @Override
    public Completion complete(Map<Section, String> given, List<Section> generate, Map<Section, Integer> lengths,
            int steps, double temperature, long seed) {
        Map<Section, String> out = new EnumMap<>(Section.class);
        out.putAll(given);
        for (Section s : generate) {
            out.put(s, "generated " + s.name().toLowerCase() + " seed " + seed);
        }
        return new Completion(out, HASH);
    }
}
