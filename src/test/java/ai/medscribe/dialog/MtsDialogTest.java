package ai.medscribe.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtsDialogTest {

    static final Path DATA = Path.of("..", "data", "mts-dialog");

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("pairs.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsQuotedFieldsWithLineBreaksCommasAndDoubledQuotes() throws IOException {
        Path f = write("ID,section_header,section_text,dialogue\r\n"
                + "0,GENHX,\"Line one, with a comma.\r\nLine \"\"two\"\".\",\"Doctor: Hi.\nPatient: Hello, \"\"doc\"\".\"\r\n"
                + "1,FAM/SOCHX,No smoking.,\"Doctor: Smoke?\nPatient: No.\"\n"
                + "2,cc,\"\",Patient: Cough.\n");
        List<DialogPair> pairs = MtsDialog.read(f);
        assertEquals(List.of(
                new DialogPair("0", MtsHeader.GENHX, "Line one, with a comma.\r\nLine \"two\".", "Doctor: Hi.\nPatient: Hello, \"doc\"."),
                new DialogPair("1", MtsHeader.FAM_SOCHX, "No smoking.", "Doctor: Smoke?\nPatient: No."),
                new DialogPair("2", MtsHeader.CC, "", "Patient: Cough.")), pairs);
    }

    @Test
    void findsColumnsByName() throws IOException {
        Path f = write("\uFEFFdialogue, Section_Header ,id,extra,section_text\n\"Patient: Hi.\",ROS,7,x,Negative.\n");
        assertEquals(List.of(new DialogPair("7", MtsHeader.ROS, "Negative.", "Patient: Hi.")), MtsDialog.read(f));
    }

    @Test
    void missingColumnNamesTheFileAndColumn() throws IOException {
        Path f = write("ID,section_header,text,dialogue\n0,CC,x,y\n");
        IOException e = assertThrows(IOException.class, () -> MtsDialog.read(f));
        assertTrue(e.getMessage().contains("pairs.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("'section_text'"), e.getMessage());
    }

    @Test
    void shortRecordAndUnknownHeaderAreErrors() throws IOException {
        IOException shortRow = assertThrows(IOException.class,
                () -> MtsDialog.read(write("ID,section_header,section_text,dialogue\n0,CC,x\n")));
        assertTrue(shortRow.getMessage().contains("record 1"), shortRow.getMessage());
        IOException unknown = assertThrows(IOException.class,
                () -> MtsDialog.read(write("ID,section_header,section_text,dialogue\n5,SOAP,x,y\n")));
        assertTrue(unknown.getMessage().contains("pairs.csv") && unknown.getMessage().contains("'SOAP'"), unknown.getMessage());
    }

    @Test
    void patientSideTurns() {
        String dialogue = "Doctor: How are you?\r\n"
                + "Patient: Not good.  \r\n"
                + "I have a cough.\r\n"
                + "Guest_clinician: Temperature is normal.\n"
                + "Guest_family_1: He coughs at night.\n"
                + "Doctor_2: Any fever?\n"
                + "\n"
                + "\"Patient: No fever.\n"
                + "Guest_family: Nor chills.\n"
                + "Doctor: Allergies: any?\n"
                + "Patient:Penicillin.";
        assertEquals("Not good. I have a cough. He coughs at night. No fever. Nor chills. Penicillin.",
                MtsDialog.patientTurns(dialogue));
        assertEquals("", MtsDialog.patientTurns("Doctor: Hello.\nDoctor: Anyone?"));
        assertEquals("", MtsDialog.patientTurns(""));
        // Text before the first speaker tag belongs to no one.
        assertEquals("Yes.", MtsDialog.patientTurns("Preamble.\nPatient: Yes."));
    }

    @Test
    void readsTheMtsDialogFiles() throws IOException {
        assertEquals(1201, MtsDialog.read(DATA.resolve("MTS-Dialog-TrainingSet.csv")).size());
        assertEquals(3603, MtsDialog.read(DATA.resolve("MTS-Dialog-Augmented-TrainingSet-3-FR-and-ES-3603-Pairs-final.csv")).size());
        assertEquals(100, MtsDialog.read(DATA.resolve("MTS-Dialog-ValidationSet.csv")).size());
        assertEquals(200, MtsDialog.read(DATA.resolve("MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv")).size());
        List<DialogPair> test2 = MtsDialog.read(DATA.resolve("MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv"));
        assertEquals(200, test2.size());
        for (int i = 0; i < test2.size(); i++) {
            DialogPair p = test2.get(i);
            assertEquals(String.valueOf(i), p.id());
            assertTrue(p.dialogue().startsWith("Doctor:") || p.dialogue().startsWith("Patient:")
                    || p.dialogue().startsWith("Guest_"), p.id());
        }
        assertEquals(MtsHeader.CC, test2.get(0).header());
        // Every field's characters, as Python's csv module reads the file (checked once by hand).
        long chars = test2.stream().mapToLong(p -> p.id().length() + p.header().csvName().length()
                + p.section().length() + p.dialogue().length()).sum();
        assertEquals(PYTHON_TEST2_CHARS, chars);
    }

    /** {@code sum(len(v) for row in csv.DictReader(f) for v in row.values())} over test set 2. */
    static final long PYTHON_TEST2_CHARS = 169_897;
}
