package ai.medscribe;

import ai.medscribe.note.Section;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedsTest {

    private static final long[] SEEDS = {0L, 1L, 42L, -7L, Long.MAX_VALUE, Long.MIN_VALUE, 0x9E3779B97F4A7C15L};

    @Test
    void mixIsSplitMix64() {
        // SplitMix64 seeded 0: its first output is mix(0 + golden gamma)
        assertEquals(0xE220A8397B1DCDAFL, Seeds.mix(0x9E3779B97F4A7C15L));
        assertEquals(0L, Seeds.mix(0L));
    }

    @Test
    void distinctPurposesAndIndicesGiveDistinctSeeds() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        for (long seed : new long[] {0L, 1L, 2L, 42L, 43L, -1L}) {
            for (String purpose : List.of("a", "b", "scaffold", "scaffolds", "row")) {
                for (long index = 0; index < 50; index++) {
                    seen.add(Seeds.derive(seed, purpose, index));
                    count++;
                }
            }
        }
        assertEquals(count, seen.size());
    }

    @Test
    void deriveIsStableAndWellMixed() {
        assertEquals(Seeds.derive(42, "scaffold", 3), Seeds.derive(42, "scaffold", 3));
        // neighbouring seeds and indices differ in about half of the 64 bits, not in the low bits only
        double bits = 0;
        int pairs = 0;
        for (long seed = 0; seed < 64; seed++) {
            bits += Long.bitCount(Seeds.derive(seed, "p", 0) ^ Seeds.derive(seed + 1, "p", 0));
            bits += Long.bitCount(Seeds.derive(7, "p", seed) ^ Seeds.derive(7, "p", seed + 1));
            pairs += 2;
        }
        double mean = bits / pairs;
        assertTrue(mean > 28 && mean < 36, "mean differing bits " + mean);
        assertNotEquals(Seeds.derive(0, "p", 1), Seeds.derive(1, "p", 0));
    }

    @Test
    void legacyDerivationsKeepTheirArithmetic() {
        for (long seed : SEEDS) {
            assertEquals(seed, Seeds.corpusNotes(seed));
            assertEquals(seed, Seeds.corpusSplit(seed));
            assertEquals(seed, Seeds.commitOrder(seed));
            for (int i : new int[] {0, 1, 5, 1000, Integer.MAX_VALUE}) {
                assertArrayEquals(new long[] {seed, i + 1L}, Seeds.initialWeights(seed, i));
                assertEquals(seed * 1_000_003L + i, Seeds.trainingEpoch(seed, i));
                assertArrayEquals(new long[] {seed, i}, Seeds.dropout(seed, i));
                assertEquals(seed * 0x9E3779B97F4A7C15L + i, Seeds.diffusionStep(seed, i));
                assertEquals(seed * 31 + i, Seeds.scaffoldLengths(seed, i));
                assertEquals(seed * 0xBF58476D1CE4E5B9L + i * 0x94D049BB133111EBL + 1, Seeds.sharedBatchRow(seed, i));
                assertEquals(seed * 1_000_003L + i, Seeds.arStep(seed, i));
                assertEquals(seed + i, Seeds.consecutive(seed, i));
            }
            for (Section s : Section.values()) {
                assertEquals(seed * 7 + s.ordinal(), Seeds.arSection(seed, s));
            }
            assertEquals(seed ^ 0x5eed_7a1L, Seeds.validationMasks(seed));
            assertEquals(seed + 7919, Seeds.perplexityMasks(seed));
            assertEquals(seed ^ 0x9_0be, Seeds.probePositions(seed));
            assertArrayEquals(new long[] {seed, seed ^ 0x9E3779B97F4A7C15L}, Seeds.statelessPair(seed));
        }
        assertEquals(17L, Seeds.EMBEDDING_DROPOUT_SITE);
        assertEquals("layer0.attn".hashCode(), Seeds.dropoutSite("layer0.attn"));
        assertEquals("layer3.mlp.drop".hashCode(), Seeds.dropoutSite("layer3.mlp.drop"));
        // a pinned value: the shared-batch row seed of request seed 42, row 1
        assertEquals(42L * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL + 1, Seeds.sharedBatchRow(42, 1));
    }
}
