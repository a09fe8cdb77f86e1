package ai.medscribe.corpus;

import ai.medscribe.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A seeded train/validation/test split (80/10/10 by default). */
public record CorpusSplit(List<ClinicalNote> train, List<ClinicalNote> val, List<ClinicalNote> test) {

    public CorpusSplit {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /** Shuffles with the seed, then cuts 80% / 10% / 10% (test takes the rounding). */
    public static CorpusSplit of(List<ClinicalNote> notes, long seed) {
        return of(notes, seed, 0.8, 0.1);
    }

    public static CorpusSplit of(List<ClinicalNote> notes, long seed, double trainShare, double valShare) {
        List<ClinicalNote> shuffled = new ArrayList<>(notes);
        Collections.shuffle(shuffled, new Random(Seeds.corpusSplit(seed)));
        int nTrain = (int) Math.round(trainShare * shuffled.size());
        int nVal = Math.min(shuffled.size() - nTrain, (int) Math.round(valShare * shuffled.size()));
        return new CorpusSplit(shuffled.subList(0, nTrain), shuffled.subList(nTrain, nTrain + nVal),
                shuffled.subList(nTrain + nVal, shuffled.size()));
    }
}
