package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairFilesTest {

    @TempDir
    Path dir;

    private static final List<DialogPair> PAIRS = List.of(
            new DialogPair("0", MtsHeader.GENHX, "The patient reports a cough for 3 days, worse at night.\nNo fever.",
                    "Doctor: What brings you in?\nPatient: A cough, doctor. \"Bad\" at night, 38.5°C once."),
            new DialogPair("1", MtsHeader.FAM_SOCHX, "Nonsmoker.", "Doctor: Do you smoke?\nPatient: Never."),
            new DialogPair("2", MtsHeader.DISPOSITION, "Home.", "Doctor: You can go home today.\nPatient: Great."));

    @Test
    void pairsSurviveJsonlWithTheirHeadersMapped() throws IOException {
        Path file = dir.resolve("out").resolve(PairFiles.PAIRS);
        PairFiles.write(PAIRS, file);
        assertEquals(PAIRS, PairFiles.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).contains("\"header\":\"FAM/SOCHX\""), lines.get(1));
        assertTrue(lines.get(2).contains("\"section\":\"PLAN\""), lines.get(2));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aCsvIsReadAsMtsDialogAndRecognisedByItsHeaderRow() throws IOException {
        Path csv = dir.resolve("pairs.csv");
        Files.writeString(csv, "ID,section_header,section_text,dialogue\n7,GENHX,\"Cough, 3 days.\",\"Doctor: Hi.\nPatient: Cough.\"\n");
        assertTrue(PairFiles.isPairsCsv(csv));
        assertEquals(List.of(new DialogPair("7", MtsHeader.GENHX, "Cough, 3 days.", "Doctor: Hi.\nPatient: Cough.")),
                PairFiles.read(csv));
        Path notes = dir.resolve("NOTEEVENTS.csv");
        Files.writeString(notes, "ROW_ID,SUBJECT_ID,HADM_ID,CATEGORY,TEXT\n1,2,3,Discharge summary,\"HPI: cough\"\n");
        assertFalse(PairFiles.isPairsCsv(notes));
        assertFalse(PairFiles.isPairsCsv(dir.resolve("x.jsonl")));
    }

    @Test
    void aBadLineIsNamedWithItsNumber() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"id\":\"1\",\"header\":\"GENHX\",\"text\":\"a\",\"dialogue\":\"b\"}\n"
                + "{\"id\":\"2\",\"header\":\"NOTES\",\"text\":\"a\",\"dialogue\":\"b\"}\n");
        IOException e = assertThrows(IOException.class, () -> PairFiles.read(file));
        assertTrue(e.getMessage().contains("bad.jsonl:2") && e.getMessage().contains("NOTES"), e.getMessage());
        Files.writeString(file, "{\"id\":\"1\",\"header\":\"GENHX\",\"dialogue\":\"b\"}\n");
        e = assertThrows(IOException.class, () -> PairFiles.read(file));
        assertTrue(e.getMessage().contains("bad.jsonl:1") && e.getMessage().contains("\"text\""), e.getMessage());
    }
}
