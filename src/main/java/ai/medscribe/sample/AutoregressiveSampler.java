package ai.medscribe.sample;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.DecoderCache;
import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.bundle.NextToken;
import ai.medscribe.note.Section;
import ai.medscribe.note.SectionParser;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The baseline: left to right, one model pass per token, temperature and seeded sampling on the
 * device, stopping at {@code [PAD]}. Its "infill" writes a section from the prefix only, since a
 * causal model cannot see what follows. By default each pass is the bundle's key/value-cached step,
 * which computes only the newest position, as a real AR decoder does (a prompt's keys and values
 * come from one full pass, the bundle's prefill); {@link #uncached} recomputes
 * the whole canvas every pass, as the case study's baseline does (and bundles exported before the
 * cached step must). Both give the same notes for the same seed.
 */
public final class AutoregressiveSampler implements NoteSampler {

    /** The model pass each token is sampled from; {@code step} counts the passes that sample. */
    private interface Pass {
        NextToken next(int[] positions, int step);
    }

    private final ModelBundle bundle;
    private final boolean cached;
    private final Tokenizer tokenizer;
    private final int length;
    private final Set<Integer> headerIds = new HashSet<>();

    /** The cached sampler when the bundle has the cached step, else the uncached one. */
    public AutoregressiveSampler(ModelBundle bundle) {
        this(bundle, bundle.hasCachedStep());
    }

    /** The case study's baseline: a full pass over the canvas for every token. */
    public static AutoregressiveSampler uncached(ModelBundle bundle) {
        return new AutoregressiveSampler(bundle, false);
    }

    private AutoregressiveSampler(ModelBundle bundle, boolean cached) {
        this.bundle = bundle;
        this.cached = cached;
        this.tokenizer = bundle.tokenizer();
        this.length = bundle.metadata().maxLength();
        for (Section s : Section.SOAP) {
            headerIds.add(tokenizer.headerId(s));
        }
    }

    @Override
    public int maxLength() {
        return length;
    }

    /** {@link #generate(int, int, float, long)} at the options' temperature and seed; the layout {@code mode} is the diffusion model's. */
    @Override
    public List<GeneratedNote> generate(int count, int maxLength, NoteGenerator.Mode mode, SamplerOptions options) {
        return generate(count, maxLength, options.temperature(), options.seed());
    }

    /** {@link #infill(List, float, long)} at the options' temperature and seed. */
    @Override
    public List<GeneratedNote> infill(List<InfillRequest> requests, SamplerOptions options) {
        return infill(requests, options.temperature(), options.seed());
    }

    /** Whether each pass is the cached one-position step. */
    public boolean cached() {
        return cached;
    }

    /** Writes {@code count} notes of at most {@code maxLength} tokens, each started from the "HPI:" header. */
    public List<GeneratedNote> generate(int count, int maxLength, float temperature, long seed) {
        if (maxLength < 2 || maxLength > length) {
            throw new InvalidRequestException("maxLength", "must be in 2.." + length + ", was " + maxLength);
        }
        int[][] rows = new int[count][length];
        int[] filled = new int[count];
        for (int b = 0; b < count; b++) {
            rows[b][0] = tokenizer.headerId(Section.HPI);
            filled[b] = 1;
        }
        int[] limits = new int[count];
        Arrays.fill(limits, maxLength);
        continueRows(rows, filled, limits, temperature, seed, false);
        List<GeneratedNote> notes = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            // the baseline writes its own headers (after the "HPI:" it starts from), wherever and as
            // often as it samples them: only reading the decoded text finds its sections
            SoapNote note = SectionParser.instance().parse(tokenizer.decode(rows[b]));
            notes.add(new GeneratedNote(note.text(), note.sectionMap(), rows[b], note.order(), List.of(), filled[b] - 1));
        }
        return notes;
    }

    /** Writes the requested sections of each partial note from what precedes them. */
    public List<GeneratedNote> infill(List<InfillRequest> requests, float temperature, long seed) {
        List<GeneratedNote> notes = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            notes.add(infill(requests.get(r), temperature, Seeds.consecutive(seed, r)));
        }
        return notes;
    }

    private GeneratedNote infill(InfillRequest request, float temperature, long seed) {
        Map<Section, String> sections = new EnumMap<>(Section.class);
        int passes = 0;
        List<Integer> prefix = new ArrayList<>();
        for (Section s : Section.SOAP) {
            boolean write = request.generate().contains(s);
            String given = request.given().get(s);
            if (!write && given == null) {
                continue;
            }
            prefix.add(tokenizer.headerId(s));
            if (!write) {
                sections.put(s, given.strip());
                for (int id : tokenizer.encode(given)) {
                    prefix.add(id);
                }
                continue;
            }
            if (prefix.size() >= length) {
                throw new InvalidRequestException("sections", "the note before " + s + " fills the model's "
                        + length + " tokens");
            }
            int[][] row = new int[1][length];
            for (int i = 0; i < prefix.size(); i++) {
                row[0][i] = prefix.get(i);
            }
            int start = prefix.size();
            Integer requested = request.lengths().get(s);
            int limit = requested == null ? length : Math.min(length, start + requested);
            int[] filledRow = {start};
            continueRows(row, filledRow, new int[] {limit}, temperature, Seeds.arSection(seed, s), true);
            passes += filledRow[0] - start;
            int end = start;
            while (end < limit && row[0][end] != Tokenizer.PAD_ID) {
                prefix.add(row[0][end]);
                end++;
            }
            sections.put(s, tokenizer.decode(Arrays.copyOfRange(row[0], start, end)));
        }
        SoapNote note = SoapNote.of(sections);
        int[] ids = prefix.stream().mapToInt(Integer::intValue).limit(length).toArray();
        return new GeneratedNote(note.text(), note.sectionMap(), ids, request.generate(), List.of(), passes);
    }

    /**
     * Extends every row from {@code filled[b]} up to {@code limits[b]}, one token per model pass,
     * until it samples padding (or, with {@code stopAtHeader}, a section header, which is left out).
     */
    private void continueRows(int[][] rows, int[] filled, int[] limits, float temperature, long seed,
                              boolean stopAtHeader) {
        if (!cached) {
            extend(rows, filled, limits, stopAtHeader, (positions, step) ->
                    bundle.nextToken(rows, positions, temperature, Seeds.arStep(seed, step)));
            return;
        }
        // a prompt longer than one token is prefilled in one full pass; the first step feeds its last token
        boolean prompt = Arrays.stream(filled).anyMatch(f -> f > 1);
        try (DecoderCache cache = prompt ? bundle.prefill(rows) : bundle.emptyCache(rows.length)) {
            extend(rows, filled, limits, stopAtHeader, (positions, step) ->
                    bundle.nextTokenCached(rows, positions, cache, temperature, Seeds.arStep(seed, step)));
        }
    }

    /**
     * Each step feeds every row's newest token (position {@code filled[b] - 1}; a finished row repeats
     * its last, which the cached step rewrites unchanged) and appends what the pass samples after it.
     */
    private void extend(int[][] rows, int[] filled, int[] limits, boolean stopAtHeader, Pass pass) {
        int batch = rows.length;
        boolean[] done = new boolean[batch];
        for (int step = 0; ; step++) {
            int[] positions = new int[batch];
            boolean any = false;
            for (int b = 0; b < batch; b++) {
                done[b] |= filled[b] >= limits[b];
                any |= !done[b];
                positions[b] = Math.max(0, Math.min(filled[b], length) - 1);
            }
            if (!any) {
                return;
            }
            NextToken next = pass.next(positions, step);
            for (int b = 0; b < batch; b++) {
                if (done[b]) {
                    continue;
                }
                int id = next.ids()[b];
                if (id == Tokenizer.PAD_ID || (stopAtHeader && headerIds.contains(id))) {
                    done[b] = true;
                    continue;
                }
                rows[b][filled[b]] = id;
                filled[b]++;
            }
        }
    }
}
