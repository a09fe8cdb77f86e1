import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.note.Section;
import ai.medscribe.sample.GeneratedNote;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fingerprint of the diffusion sampler: notes written for fixed seeds with every commit order, every
 * layout, infilling, a shared batch, traces and the step listener, one line (a hash) per setting and a
 * SHA-256 over all of them. Run it before and after a change to the sampler on the same bundle: the
 * same last line means the same notes for every seed. Run after `mvn package`:
 * java -cp "training-job/target/quarkus-app/lib/main/*:training-job/target/quarkus-app/lib/boot/*" \
 *      bench/SamplerFingerprint.java models/diffusion
 */
public class SamplerFingerprint {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SamplerFingerprint DIFFUSION_BUNDLE_DIR");
            System.exit(2);
        }
        try (ModelBundle b = ModelBundle.load(Path.of(args[0]))) {
            NoteGenerator g = new NoteGenerator(b);
            SamplerOptions d = SamplerOptions.defaults();
            Map<String, SamplerOptions> opts = new LinkedHashMap<>();
            opts.put("default", d);
            opts.put("frontier-nothr", d.withThreshold(0f));
            opts.put("confidence", d.withTemperature(0.8f).withStrategy(SamplerOptions.Strategy.CONFIDENCE).withThreshold(0f).withRemaskBelow(0.3f));
            opts.put("previous", d.withTemperature(0.8f).withStrategy(SamplerOptions.Strategy.CONFIDENCE).withThreshold(0f).withSectionSlack(false));
            opts.put("ltr", d.withStrategy(SamplerOptions.Strategy.LEFT_TO_RIGHT).withThreshold(0.9f).withSteps(40));
            opts.put("random", d.withStrategy(SamplerOptions.Strategy.RANDOM).withTemperature(1f).withRemaskRepeats(false).withSectionSlack(false).withThreshold(0f));
            opts.put("blocks", d.withStrategy(SamplerOptions.Strategy.CONFIDENCE).withBlockLength(32).withThreshold(0.8f));
            opts.put("revise", d.withRemaskBelow(0.3f).withSteps(12));
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (var e : opts.entrySet()) {
                for (NoteGenerator.Mode mode : NoteGenerator.Mode.values()) {
                    List<GeneratedNote> notes = g.generate(2, g.maxLength(), mode, e.getValue().withSeed(7).withTrace(true));
                    print(all, e.getKey() + " " + mode, notes);
                }
            }
            Map<Section, String> given = new LinkedHashMap<>();
            given.put(Section.HPI, "patient reports chest pain for two days");
            given.put(Section.EXAM, "heart regular rate and rhythm");
            InfillRequest r1 = new InfillRequest(given, List.of(Section.ASSESSMENT, Section.PLAN), Map.of());
            InfillRequest r2 = new InfillRequest(given, List.of(Section.ROS, Section.PLAN), Map.of(Section.ROS, 6));
            for (var e : opts.entrySet()) {
                print(all, "infill " + e.getKey(), g.infill(List.of(r1, r2), e.getValue().withSeed(3)));
                print(all, "infill1 " + e.getKey(), List.of(g.infill(r1, e.getValue().withSeed(5))));
            }
            List<List<GeneratedNote>> shared = g.shared(List.of(new NoteGenerator.WholeNotes(2, g.maxLength(), NoteGenerator.Mode.SCAFFOLD, 11),
                    new NoteGenerator.Completion(r1, 12), new NoteGenerator.WholeNotes(1, 64, NoteGenerator.Mode.PLACED, 13)), d);
            for (List<GeneratedNote> part : shared) print(all, "shared", part);
            List<String> told = new ArrayList<>();
            g.generate(1, g.maxLength(), NoteGenerator.Mode.SCAFFOLD, d.withSeed(9), (row, index, ids) -> told.add(row + ":" + index + ":" + Arrays.toString(ids)));
            print(all, "listener " + told.size() + " " + told.hashCode(), List.of());
            System.out.println("ALL " + HexFormat.of().formatHex(all.digest()));
        }
    }

    static void print(MessageDigest all, String label, List<GeneratedNote> notes) {
        StringBuilder s = new StringBuilder(label);
        for (GeneratedNote n : notes) {
            s.append(" | ").append(n.passes()).append(' ').append(Arrays.toString(n.ids())).append(' ').append(n.text().hashCode())
             .append(" trace ").append(n.trace().size()).append(' ').append(n.trace().stream().mapToInt(Arrays::hashCode).sum());
        }
        all.update(s.toString().getBytes());
        System.out.println(label + " " + s.toString().hashCode());
    }
}
