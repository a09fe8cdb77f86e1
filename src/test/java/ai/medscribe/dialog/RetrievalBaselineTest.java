package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalBaselineTest {

    private static DialogPair pair(String id, MtsHeader h, String section, String dialogue) {
        return new DialogPair(id, h, section, dialogue);
    }

    @Test
    void tfIdfCosineAsScikitLearnsDefault() {
        // n = 2; idf(a) = ln(3/3) + 1 = 1, idf(b) = idf(c) = ln(3/2) + 1.
        RetrievalBaseline r = new RetrievalBaseline(List.of(
                pair("0", MtsHeader.CC, "first", "a b"),
                pair("1", MtsHeader.CC, "second", "A, c.")));
        double idf = Math.log(1.5) + 1;
        double overlap = 1 / (1 + idf * idf); // only "a" shared: (1/|v|)^2, |v|^2 = 1 + idf^2
        assertArrayEquals(new double[] {1, overlap}, r.similarities("a b"), 1e-12);
        // Term counts count: "a a b" = (2, idf) against (1, idf).
        double q = Math.sqrt(4 + idf * idf);
        double d = Math.sqrt(1 + idf * idf);
        assertArrayEquals(new double[] {(2 + idf * idf) / (q * d), 2 / (q * d)}, r.similarities("a a b"), 1e-12);
        // Unknown terms are ignored; nothing known scores 0 everywhere.
        assertArrayEquals(new double[] {1, overlap}, r.similarities("a b zebra"), 1e-12);
        assertArrayEquals(new double[] {0, 0}, r.similarities("zebra"), 0);
    }

    @Test
    void nearestWithTheSameHeader() {
        RetrievalBaseline r = new RetrievalBaseline(List.of(
                pair("0", MtsHeader.CC, "Knee pain.", "Patient: my knee hurts after running"),
                pair("1", MtsHeader.CC, "Cough.", "Patient: I have a cough and a fever"),
                pair("2", MtsHeader.GENHX, "Knee story.", "Patient: my knee hurts after running on the hill"),
                pair("3", MtsHeader.GENHX, "Cough story.", "Patient: a cough and a fever since Monday")));
        assertEquals("Knee pain.", r.generate("Doctor: What brings you in? Patient: My knee hurts.", MtsHeader.CC));
        assertEquals("Knee story.", r.generate("Doctor: What brings you in? Patient: My knee hurts.", MtsHeader.GENHX));
        assertEquals("Cough.", r.generate("Patient: cough, fever", MtsHeader.CC));
        assertEquals("Cough story.", r.generate("Patient: cough, fever", MtsHeader.GENHX));
        assertEquals(2, r.nearest("knee hill", MtsHeader.GENHX));
        assertEquals("2", r.nearestPair("knee hill", MtsHeader.GENHX).id());
    }

    @Test
    void fallsBackToAllHeadersWhenNoneHasIt() {
        RetrievalBaseline r = new RetrievalBaseline(List.of(
                pair("0", MtsHeader.CC, "Knee pain.", "Patient: my knee hurts"),
                pair("1", MtsHeader.GENHX, "Rash.", "Patient: an itchy rash on my arm")));
        assertEquals("Rash.", r.generate("itchy rash", MtsHeader.ALLERGY));
        assertEquals("Knee pain.", r.generate("knee", MtsHeader.ALLERGY));
    }

    @Test
    void tiesGoToTheLowestIndex() {
        RetrievalBaseline r = new RetrievalBaseline(List.of(
                pair("0", MtsHeader.GENHX, "other header", "same words here"),
                pair("1", MtsHeader.CC, "first", "same words here"),
                pair("2", MtsHeader.CC, "second", "same words here"),
                pair("3", MtsHeader.CC, "third", "different text")));
        assertEquals("first", r.generate("same words", MtsHeader.CC));
        // Nothing in common with anything: every candidate scores 0, the lowest with the header wins.
        assertEquals("first", r.generate("zebra", MtsHeader.CC));
        assertEquals("other header", r.generate("", MtsHeader.GENHX));
    }

    @Test
    void needsTrainingPairs() {
        assertThrows(IllegalArgumentException.class, () -> new RetrievalBaseline(List.of()));
    }

    @Test
    void copyBaselineIsThePatientSide() {
        CopyBaseline copy = new CopyBaseline();
        String dialogue = "Doctor: Any allergies?\nPatient: Penicillin, it gives me hives.\nDoctor: Anything else?\nGuest_family: Shellfish too.";
        assertEquals("Penicillin, it gives me hives. Shellfish too.", copy.generate(dialogue, MtsHeader.ALLERGY));
        assertEquals(copy.generate(dialogue, MtsHeader.ALLERGY), copy.generate(dialogue, MtsHeader.PLAN));
    }
}
