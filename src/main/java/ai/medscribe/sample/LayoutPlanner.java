package ai.medscribe.sample;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.LengthStats;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans the canvas a note is written on, before any denoising: where each section's header sits,
 * which tokens are given, and how long each masked section is. A whole note is a scaffold (section
 * lengths drawn from the training notes' statistics in the bundle), placed (headers where the model's
 * own pass over the empty canvas puts them, {@link HeaderPlacement}) or free; a partial note keeps
 * its given sections and masks the requested ones. {@link #sections} lays any such plan out.
 */
final class LayoutPlanner {

    /**
     * Positions added to a section's drawn or mean length when it may end early in padding: training
     * inserts up to {@code MaskedDiffusion.MAX_SLACK} (6) padding tokens after a masked section, so the
     * model has seen spans this much longer than their content.
     */
    static final int SLACK = 4;

    private final ModelBundle bundle;
    private final Tokenizer tokenizer;
    private final int length;
    /** per note length, the header log-probabilities of the empty canvas ({@link #headerLogProbs}) */
    private final Map<Integer, float[][]> headerLogProbs = new ConcurrentHashMap<>();

    LayoutPlanner(ModelBundle bundle) {
        this.bundle = bundle;
        this.tokenizer = bundle.tokenizer();
        this.length = bundle.metadata().maxLength();
    }

    /**
     * The layouts of {@code count} whole notes of at most {@code maxLength} tokens, note i's section
     * lengths drawn from {@code seed} and i.
     */
    List<NoteLayout> wholeNotes(int count, int maxLength, NoteGenerator.Mode mode, long seed, boolean slack) {
        if (maxLength < 1 || maxLength > length) {
            throw new InvalidRequestException("maxLength", "must be in 1.." + length + ", was " + maxLength);
        }
        List<NoteLayout> layouts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Random lengths = new Random(Seeds.scaffoldLengths(seed, i));
            layouts.add(switch (mode) {
                case FREE -> NoteLayout.free(length, maxLength, shortestNote());
                case SCAFFOLD -> scaffold(maxLength, lengths, slack);
                case PLACED -> placed(maxLength, lengths, slack);
            });
        }
        return layouts;
    }

    /**
     * The slack layout, or, when the given text leaves too little room for the slack positions and
     * no length was requested, the layout whose last section takes what room is left.
     */
    NoteLayout completion(InfillRequest request, boolean slack) {
        if (!slack) {
            return layout(request, false);
        }
        try {
            return layout(request, true);
        } catch (InvalidRequestException e) {
            if (!request.lengths().isEmpty()) {
                throw e;
            }
            return layout(request, false);
        }
    }

    private NoteLayout layout(InfillRequest request, boolean slack) {
        Map<Section, int[]> given = new EnumMap<>(Section.class);
        request.given().forEach((s, text) -> {
            if (!request.generate().contains(s)) {
                given.put(s, tokenizer.encode(text));
            }
        });
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        int maxLength = length;
        Section last = lastOf(given.keySet(), request.generate());
        for (Section s : request.generate()) {
            Integer requested = request.lengths().get(s);
            if (requested != null) {
                if (requested < 1 || requested > maxLength) {
                    throw new InvalidRequestException("lengths." + s.name(), "must be in 1.." + maxLength + ", was " + requested);
                }
                lengths.put(s, requested);
            } else if (s != last || slack) {
                // With slack the last section is bounded too, with visible padding after it, as
                // training's section-masked notes show it; an open span to the end of the canvas is
                // a layout the model never saw masked (it then writes EXAM-like text into PLAN).
                LengthStats stats = contentLength(s);
                int mean = (int) Math.max(1, Math.round(stats.mean()));
                lengths.put(s, mean + (slack ? SLACK : 0));
                if (slack) {
                    // within SLACK of the mean either way (and never below the shortest in training):
                    // padding that spreads in from the span's end would otherwise leave a few words
                    slackMinimums.put(s, Math.max(Math.max(1, stats.min()), mean - SLACK));
                }
            }
        }
        return sections(tokenizer, maxLength, given, new HashSet<>(request.generate()), lengths,
                last == null ? 1 : (int) Math.round(contentLength(last).mean()), slackMinimums);
    }

    /**
     * The shortest note the training data suggests (each section's shortest, headers included):
     * without it, confident padding from the end of the canvas eats the note step by step.
     */
    private int shortestNote() {
        return bundle.metadata().sectionLengths().values().stream().mapToInt(LengthStats::min).sum();
    }

    /** Content length statistics of a section in the training notes (the bundle's figures count the header). */
    private LengthStats contentLength(Section section) {
        LengthStats withHeader = bundle.metadata().sectionLengths().get(section.name());
        if (withHeader == null) {
            throw new IllegalStateException("bundle " + bundle.directory() + " has no length statistics for " + section);
        }
        return new LengthStats(withHeader.mean() - 1, withHeader.std(), Math.max(1, withHeader.min() - 1),
                Math.max(1, withHeader.max() - 1), withHeader.notes());
    }

    private static Section lastOf(Set<Section> given, List<Section> generate) {
        Section last = null;
        for (Section s : Section.SOAP) {
            if (given.contains(s) || generate.contains(s)) {
                last = s;
            }
        }
        return last;
    }

    /**
     * Headers at fixed positions and masked content spans whose lengths follow the training notes;
     * with {@code slack} each span is {@link #SLACK} longer and may end early in padding once it
     * holds the section's shortest training length.
     */
    private NoteLayout scaffold(int maxLength, Random random, boolean slack) {
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        for (Section s : Section.SOAP) {
            LengthStats stats = contentLength(s);
            int n = drawnLength(stats, random);
            lengths.put(s, n + (slack ? SLACK : 0));
            if (slack) {
                slackMinimums.put(s, Math.max(1, Math.min(n, stats.min())));
            }
        }
        // Shrink the drawn lengths when a short maxLength cannot hold them.
        int budget = maxLength - Section.SOAP.size();
        if (budget < Section.SOAP.size()) {
            throw new InvalidRequestException("maxLength", "a scaffolded note needs at least "
                    + (2 * Section.SOAP.size() + 1) + " tokens, was " + maxLength);
        }
        int total = lengths.values().stream().mapToInt(Integer::intValue).sum();
        if (total > budget) {
            double scale = budget / (double) total;
            lengths.replaceAll((s, n) -> Math.max(1, (int) Math.floor(n * scale)));
        }
        NoteLayout layout = sections(tokenizer, maxLength, Map.of(), new HashSet<>(Section.SOAP), lengths, 1,
                slackMinimums);
        return layout.padTo(length);
    }

    /**
     * Headers where the model puts them: positions drawn by {@link HeaderPlacement} from the model's
     * probabilities of each header over the empty canvas (at temperature 1, so the sections' lengths
     * follow the model's spread as a scaffold's follow the training notes'), each section at least its
     * shortest training length; the PLAN, whose end no header marks, is drawn as on a scaffold within
     * the room left. With {@code slack} every section is laid out {@link #SLACK} positions longer than
     * the model placed it, as a scaffold's is longer than its drawn length, and may end early in
     * padding once it holds its shortest training length (without the slack, content has to fill the
     * placed span exactly, and ends sections mid-phrase).
     */
    private NoteLayout placed(int maxLength, Random random, boolean slack) {
        int headers = Section.SOAP.size();
        int[] minContent = new int[headers];
        for (int k = 0; k < headers; k++) {
            minContent[k] = contentLength(Section.SOAP.get(k)).min();
        }
        int[] at = HeaderPlacement.sample(headerLogProbs(maxLength), 0, minContent, maxLength, 1.0, random);
        int planLength = drawnLength(contentLength(Section.PLAN), random);
        // the slack moves every later header on; taken only where the whole note still fits
        int extra = slack && at[headers - 1] + (headers - 1) * SLACK + 1 + minContent[headers - 1] <= maxLength
                ? SLACK : 0;
        Map<Section, Integer> lengths = new EnumMap<>(Section.class);
        Map<Section, Integer> slackMinimums = new EnumMap<>(Section.class);
        for (int k = 0; k < headers; k++) {
            Section s = Section.SOAP.get(k);
            int n;
            if (k + 1 < headers) {
                n = at[k + 1] - at[k] - 1 + extra;
            } else {
                int room = maxLength - (at[k] + k * extra) - 1;
                n = Math.min(room, planLength + (slack ? SLACK : 0));
            }
            lengths.put(s, n);
            if (slack) {
                slackMinimums.put(s, Math.min(n, minContent[k]));
            }
        }
        return sections(tokenizer, maxLength, Map.of(), new HashSet<>(Section.SOAP), lengths, 1, slackMinimums)
                .padTo(length);
    }

    /**
     * A section's content length drawn from its training statistics: normal around the mean, kept
     * within the shortest and longest training lengths.
     */
    private static int drawnLength(LengthStats stats, Random random) {
        long drawn = Math.round(stats.mean() + stats.std() * random.nextGaussian());
        return (int) Math.max(stats.min(), Math.min(stats.max(), drawn));
    }

    /**
     * [header][position]: the model's log-probability of each SOAP header at each position of an empty
     * canvas of {@code maxLength} (every position masked, padding after). The same for every note, so
     * one pass per length, kept.
     */
    private float[][] headerLogProbs(int maxLength) {
        return headerLogProbs.computeIfAbsent(maxLength, n -> {
            NoteLayout empty = NoteLayout.free(length, n, 1);
            float[][] logits = bundle.logits(new int[][] {empty.tokens()}, new float[] {empty.maskedCount() / (float) length})[0];
            float[][] logProb = new float[Section.SOAP.size()][length];
            for (int p = 0; p < length; p++) {
                double logZ = SamplingHeads.logSumExp(logits[p]);
                for (int k = 0; k < logProb.length; k++) {
                    logProb[k][p] = (float) (logits[p][tokenizer.headerId(Section.SOAP.get(k))] - logZ);
                }
            }
            return logProb;
        });
    }

    /**
     * Lays sections out on a canvas of {@code length} in SOAP order: each section's header at a fixed
     * position, then either its given tokens (fixed) or a masked span of the requested length. The
     * last generated section may take all remaining positions and end in padding, unless its length
     * was requested; positions after the last section are fixed padding.
     *
     * @param given    encoded text of the sections kept as they are
     * @param generate sections to generate
     * @param lengths  content length (tokens) of each generated section; a section absent here is
     *                 the open last span when it comes last
     * @param minimum  the fewest content tokens of the open last span (it may not end in padding sooner)
     */
    static NoteLayout sections(Tokenizer tokenizer, int length, Map<Section, int[]> given, Set<Section> generate,
                            Map<Section, Integer> lengths, int minimum) {
        return sections(tokenizer, length, given, generate, lengths, minimum, Map.of());
    }

    /**
     * As above; a section in {@code slack} gets an open span of its length in {@code lengths}, which
     * may end in padding after the given fewest content tokens (the padding is dropped when the note
     * is assembled), so its content need not fill an exactly drawn length.
     */
    static NoteLayout sections(Tokenizer tokenizer, int length, Map<Section, int[]> given, Set<Section> generate,
                            Map<Section, Integer> lengths, int minimum, Map<Section, Integer> slack) {
        List<Section> order = Section.SOAP.stream().filter(s -> given.containsKey(s) || generate.contains(s)).toList();
        int[] tokens = new int[length];
        boolean[] fixed = new boolean[length];
        int[] spans = new int[length];
        Arrays.fill(spans, -1);
        List<Boolean> open = new ArrayList<>();
        List<Integer> minimums = new ArrayList<>();
        List<Section> spanSections = new ArrayList<>();
        int pos = 0;
        for (int idx = 0; idx < order.size(); idx++) {
            Section section = order.get(idx);
            boolean last = idx == order.size() - 1;
            pos = place(tokens, fixed, pos, new int[] {tokenizer.headerId(section)}, section);
            if (!generate.contains(section)) {
                pos = place(tokens, fixed, pos, given.get(section), section);
                continue;
            }
            Integer requested = lengths.get(section);
            boolean openEnd = last && requested == null;
            boolean openSpan = openEnd || slack.containsKey(section);
            int n = openEnd ? length - pos : requested == null ? 1 : requested;
            if (n < 1 || pos + n > length) {
                throw new InvalidRequestException("lengths." + section.name(), "the note needs " + (pos + n)
                        + " tokens with this section, more than the model's maximum length " + length);
            }
            int span = open.size();
            open.add(openSpan);
            minimums.add(openEnd ? Math.min(minimum, n) : openSpan ? Math.min(slack.get(section), n) : n);
            spanSections.add(section);
            for (int i = pos; i < pos + n; i++) {
                tokens[i] = Tokenizer.MASK_ID;
                spans[i] = span;
            }
            pos += n;
        }
        for (int i = pos; i < length; i++) {
            tokens[i] = Tokenizer.PAD_ID;
            fixed[i] = true;
        }
        boolean[] spanOpen = new boolean[open.size()];
        for (int i = 0; i < spanOpen.length; i++) {
            spanOpen[i] = open.get(i);
        }
        return new NoteLayout(tokens, fixed, spans, spanOpen, minimums.stream().mapToInt(Integer::intValue).toArray(),
                spanSections.toArray(Section[]::new), true);
    }

    private static int place(int[] tokens, boolean[] fixed, int pos, int[] ids, Section section) {
        if (pos + ids.length > tokens.length) {
            throw new InvalidRequestException("sections." + section.name(), "the given note needs more than the model's "
                    + "maximum length of " + tokens.length + " tokens");
        }
        for (int id : ids) {
            tokens[pos] = id;
            fixed[pos] = true;
            pos++;
        }
        return pos;
    }
}
