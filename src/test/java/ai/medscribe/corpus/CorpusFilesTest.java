package ai.medscribe.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.medscribe.note.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFilesTest {

    @TempDir
    Path dir;

    @Test
    void jsonlRoundTripKeepsEveryField() throws IOException {
        List<ClinicalNote> notes = SyntheticCorpus.of(SyntheticCorpus.Style.COHERENT).generate(20, 4);
        Path file = dir.resolve("x/train.jsonl");
        CorpusFiles.writeJsonl(file, notes);
        assertEquals(notes, CorpusFiles.readJsonl(file));
        assertEquals(20, Files.readAllLines(file).size());
    }

    @Test
    void plainTextJsonlIsParsedIntoSections() throws IOException {
        Path file = dir.resolve("mine.jsonl");
        Files.writeString(file, "{\"text\": \"History of Present Illness: cough. Physical Exam: clear. A/P: bronchitis\"}\n\n");
        ClinicalNote note = CorpusFiles.readJsonl(file).get(0);
        assertEquals("line-1", note.id());
        assertEquals("cough.", note.sections().get(Section.HPI));
        assertEquals("bronchitis", note.sections().get(Section.ASSESSMENT));
        assertTrue(note.conditions().isEmpty());
    }

    @Test
    void malformedJsonlNamesTheLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"text\": \"ok\"}\n{\"note\": 3}\n");
        IOException e = assertThrows(IOException.class, () -> CorpusFiles.readJsonl(file));
        assertTrue(e.getMessage().contains("bad.jsonl:2"), e.getMessage());
    }

    @Test
    void mimicNoteEventsWithQuotedMultiLineText() throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        Files.writeString(csv, "\"ROW_ID\",\"SUBJECT_ID\",\"HADM_ID\",\"CHARTDATE\",\"CHARTTIME\",\"STORETIME\",\"CATEGORY\","
                + "\"DESCRIPTION\",\"CGID\",\"ISERROR\",\"TEXT\"\r\n"
                + "174,22532,167853,2151-08-04,,,\"Discharge summary\",\"Report\",,,\"Admission Date:  [**2151-7-16**]\n"
                + "HISTORY OF PRESENT ILLNESS: 70 y/o with \"\"chest pain\"\", dyspnea.\n\n"
                + "Review of Systems: negative\nPhysical Exam: BP 150/90\nAssessment and Plan: NSTEMI, start aspirin\"\r\n"
                + "175,13702,107527,2118-06-14,,,\"Nursing\",\"Note\",,1,\"erroneous note\"\n"
                + "176,13702,107527,2118-06-14,,,\"Nursing\",\"Note\",,,\"PLAN: rest, fluids\"\n");
        List<ClinicalNote> notes = CorpusFiles.readNotes(csv);
        assertEquals(2, notes.size());
        ClinicalNote first = notes.get(0);
        assertEquals("mimic-174", first.id());
        assertTrue(first.text().contains("\"chest pain\", dyspnea.\n\nReview"));
        assertEquals("70 y/o with \"chest pain\", dyspnea.", first.sections().get(Section.HPI));
        assertEquals("BP 150/90", first.sections().get(Section.EXAM));
        assertEquals("NSTEMI, start aspirin", first.sections().get(Section.ASSESSMENT));
        assertEquals("rest, fluids", notes.get(1).sections().get(Section.PLAN));
    }

    @Test
    void noteEventsKeepEmptyFieldsAndRejectUnterminatedQuotesAndShortRows() throws IOException {
        Path csv = dir.resolve("empty-fields.csv");
        Files.writeString(csv, "ROW_ID,ISERROR,TEXT\n7,,\"PLAN: rest, fluids\"\n\"\",,x\n");
        List<ClinicalNote> notes = CorpusFiles.readNoteEvents(csv);
        assertEquals(List.of("mimic-7", "mimic-"), notes.stream().map(ClinicalNote::id).toList());
        assertEquals("rest, fluids", notes.get(0).sections().get(Section.PLAN));
        assertEquals("x", notes.get(1).text());

        Path open = dir.resolve("open.csv");
        Files.writeString(open, "ROW_ID,TEXT\n1,\"open\nstill open");
        assertThrows(IOException.class, () -> CorpusFiles.readNoteEvents(open));

        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, "ROW_ID,TEXT\n1,\"two\nlines\"\n2\n");
        IOException e = assertThrows(IOException.class, () -> CorpusFiles.readNoteEvents(shortRow));
        assertTrue(e.getMessage().contains("short.csv:4: 1 fields, the header has 2"), e.getMessage());
    }

    @Test
    void splitIsSeededAndEightyTenTen() {
        List<ClinicalNote> notes = SyntheticCorpus.of(SyntheticCorpus.Style.SEED).generate(100, 1);
        CorpusSplit a = CorpusSplit.of(notes, 42);
        assertEquals(List.of(80, 10, 10), List.of(a.train().size(), a.val().size(), a.test().size()));
        assertEquals(a, CorpusSplit.of(notes, 42));
        assertTrue(!a.train().equals(CorpusSplit.of(notes, 43).train()));
    }
}
