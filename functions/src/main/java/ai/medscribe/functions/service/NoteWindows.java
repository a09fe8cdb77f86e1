package ai.medscribe.functions.service;

import ai.medscribe.functions.bundles.LoadedBundle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.medscribe.bundle.LengthStats;
import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.InvalidRequestException;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * Windows of a note longer than the model's canvas. A section to write is written from the given
 * SOAP sections nearest it (by SOAP order; of two at the same distance the one before it first),
 * each taken whole while the window still fits the canvas with the section's own header and span;
 * the first that does not fit whole is taken in part, as many of its sentences (or lines) nearest
 * the section to write as fit, and closes the window. A section of which not one sentence fits is
 * passed over for the next nearest. A note with given text of which nothing fits beside the section
 * to write is too long for any window: 422 naming the request field the note came from, with the
 * canvas length as the limit. Whether a window fits is the diffusion sampler's own check; for the
 * autoregressive baseline it is a token count (each given section's tokens and header, and the
 * section to write at its training mean plus four).
 */
final class NoteWindows {

    /** A window: the given text the model sees (sections whole or in part), and what it saw. */
    record Chosen(Map<Section, String> given, NoteCompleter.Window window) {
    }

    /** Where a sentence or a line ends: the text after it starts a new unit. */
    private static final Pattern UNIT_END = Pattern.compile("(?<=[.!?;])[ \\t]+|\\n+[ \\t]*");

    private final LoadedBundle bundle;
    private final SamplerOptions options;
    private final String field;

    NoteWindows(LoadedBundle bundle, SamplerOptions options, String field) {
        this.bundle = bundle;
        this.options = options;
        this.field = field;
    }

    int canvas() {
        return bundle.sampler().maxLength();
    }

    /** Whether {@code request} fits one canvas. */
    boolean fits(InfillRequest request) {
        if (bundle.kind() == ModelKind.DIFFUSION) {
            try {
                bundle.diffusion().check(new NoteGenerator.Completion(request, options.seed()), options.sectionSlack());
                return true;
            } catch (InvalidRequestException e) {
                return false;
            }
        }
        int tokens = 0;
        for (Map.Entry<Section, String> e : request.given().entrySet()) {
            if (!request.generate().contains(e.getKey())) {
                tokens += 1 + bundle.model().tokenizer().encode(e.getValue()).length;
            }
        }
        for (Section s : request.generate()) {
            Integer asked = request.lengths().get(s);
            tokens += 1 + (asked != null ? asked : meanLength(s) + 4);
        }
        return tokens <= canvas();
    }

    private int meanLength(Section s) {
        LengthStats stats = bundle.metadata().sectionLengths().get(s.name());
        return stats == null ? 16 : (int) Math.max(1, Math.round(stats.mean()));
    }

    /** The window to write {@code target} from, out of the note's non-empty given sections {@code context}. */
    Chosen choose(Map<Section, String> context, Section target, Map<Section, Integer> lengths) {
        InfillRequest alone = new InfillRequest(Map.of(), List.of(target), lengths);
        if (!fits(alone)) {
            if (bundle.kind() == ModelKind.DIFFUSION) {
                bundle.diffusion().check(new NoteGenerator.Completion(alone, options.seed()), options.sectionSlack());
            }
            throw new InvalidRequestException("lengths." + target.name(), "the section to write does not fit the model's "
                    + canvas() + " tokens");
        }
        List<Section> order = new ArrayList<>(context.keySet());
        order.sort(Comparator.comparingInt((Section s) -> Math.abs(s.ordinal() - target.ordinal()))
                .thenComparingInt(s -> s.ordinal() > target.ordinal() ? 1 : 0));
        Map<Section, String> window = new EnumMap<>(Section.class);
        List<Section> partial = new ArrayList<>();
        for (Section s : order) {
            String text = context.get(s);
            if (fits(with(window, s, text, target, lengths))) {
                window.put(s, text);
                continue;
            }
            String part = nearestPart(window, s, text, target, lengths);
            if (part != null) {
                window.put(s, part);
                partial.add(s);
                break;
            }
        }
        if (window.isEmpty() && !context.isEmpty()) {
            // a request that sent sections names the nearest given section, as it sent it
            throw field.equals("sections") ? tooLong("sections." + order.get(0).name()) : tooLong();
        }
        List<Section> seen = Section.SOAP.stream().filter(window::containsKey).toList();
        return new Chosen(window, new NoteCompleter.Window(seen, partial));
    }

    /** The most of {@code text} nearest {@code target} (whole sentences or lines) that still fits; null if none. */
    private String nearestPart(Map<Section, String> window, Section s, String text, Section target,
            Map<Section, Integer> lengths) {
        List<Integer> starts = new ArrayList<>(); // where each unit after the first starts
        Matcher m = UNIT_END.matcher(text);
        while (m.find()) {
            if (m.end() < text.length()) {
                starts.add(m.end());
            }
        }
        boolean before = s.ordinal() < target.ordinal();
        int units = starts.size() + 1;
        String best = null;
        int lo = 1;
        int hi = units - 1;
        while (lo <= hi) {
            int k = (lo + hi) >>> 1;
            // k units nearest the target: the last k before it, the first k after it
            String part = before ? text.substring(starts.get(units - 1 - k)) : text.substring(0, starts.get(k - 1));
            part = part.strip();
            if (!part.isEmpty() && fits(with(window, s, part, target, lengths))) {
                best = part;
                lo = k + 1;
            } else {
                hi = k - 1;
            }
        }
        return best;
    }

    private static InfillRequest with(Map<Section, String> window, Section s, String text, Section target,
            Map<Section, Integer> lengths) {
        Map<Section, String> given = new EnumMap<>(Section.class);
        given.putAll(window);
        given.put(s, text);
        return new InfillRequest(given, List.of(target), lengths);
    }

    /** The refusal of a note of which nothing fits beside the section to write. */
    BadRequestException tooLong() {
        return tooLong(field);
    }

    private BadRequestException tooLong(String named) {
        return new BadRequestException(422, "note too long", named, canvas(),
                "not one sentence of the note's given sections fits the model's canvas of " + canvas()
                        + " tokens beside the section to write, so no window of the note can be written from");
    }
}
