package ai.medscribe.dialog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MTS-Dialog's CSV files ({@code ID,section_header,section_text,dialogue}, RFC 4180 quoting,
 * fields with line breaks and doubled quotes) with Jackson's CSV parser, and picks the patient's
 * side out of a conversation.
 */
public final class MtsDialog {

    /** The columns a file must have, found by name in its header row (case and blanks ignored). */
    public static final List<String> COLUMNS = List.of("ID", "section_header", "section_text", "dialogue");

    /**
     * A speaker tag at the start of a line: {@code Doctor:}, {@code Patient:}, {@code Guest_family_2:},
     * {@code Guest_clinician:}; a stray opening quote before it is allowed (one line of test set 1).
     */
    private static final Pattern TAG = Pattern.compile("^\\s*\"?\\s*([A-Za-z]+(?:_[A-Za-z]+)*_?\\d*)\\s*:(.*)$", Pattern.DOTALL);

    /**
     * Tags, lower-cased without digits and underscores, whose turns are the patient's side: the
     * patient and the family members who answer for them ({@code Guest_family}, {@code Guest_family_1},
     * {@code Guest_family2}, and the training set's one {@code Gest_family}).
     */
    private static final Set<String> PATIENT_SIDE = Set.of("patient", "guestfamily", "gestfamily");

    /**
     * Tags of the clinicians' side: {@code Doctor}, {@code Doctor_2}, {@code Guest_clinician}, and the
     * misspellings the files hold ({@code Docotr_2}, {@code Guest_clinican}, {@code Guest_clinic}).
     */
    private static final Set<String> CLINICIAN_SIDE =
            Set.of("doctor", "docotr", "physician", "guestclinician", "guestclinican", "guestclinic");

    private MtsDialog() {
    }

    /**
     * Every pair in {@code csv}, in file order, fields exactly as written.
     *
     * @throws IOException if the file cannot be read or parsed, lacks one of {@link #COLUMNS} in its
     *     header row, has a record with too few fields, or names an unknown section header (the message
     *     names the file)
     */
    public static List<DialogPair> read(Path csv) throws IOException {
        ObjectReader reader = new CsvMapper()
                .readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES);
        List<DialogPair> pairs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows = reader.readValues(in)) {
            if (!rows.hasNextValue()) {
                throw new IOException(csv + ": empty file, expected a header row " + String.join(",", COLUMNS));
            }
            String[] header = rows.nextValue();
            int[] at = new int[COLUMNS.size()];
            for (int c = 0; c < at.length; c++) {
                at[c] = column(header, COLUMNS.get(c));
                if (at[c] < 0) {
                    throw new IOException(csv + ": no column '" + COLUMNS.get(c) + "' in the header row "
                            + Arrays.toString(header) + " (expected " + String.join(",", COLUMNS) + ")");
                }
            }
            int width = Arrays.stream(at).max().getAsInt() + 1;
            int record = 0;
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                record++;
                if (row.length < width) {
                    throw new IOException(csv + ": record " + record + " (after the header) has " + row.length
                            + " fields, the header row " + header.length);
                }
                MtsHeader h;
                try {
                    h = MtsHeader.parse(row[at[1]]);
                } catch (IllegalArgumentException e) {
                    throw new IOException(csv + ": record " + record + " (ID " + row[at[0]] + "): " + e.getMessage(), e);
                }
                pairs.add(new DialogPair(row[at[0]], h, row[at[2]], row[at[3]]));
            }
        } catch (RuntimeException e) {
            // Jackson reports malformed input from the iterator as unchecked exceptions.
            throw new IOException(csv + ": " + e.getMessage(), e);
        }
        return pairs;
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            String cell = header[i].replace("\uFEFF", "").strip();
            if (cell.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The patient's side of a conversation: the text of every turn by the patient or a family member
     * ({@code Patient:}, {@code Guest_family:}, {@code Guest_family_1:} ...), speaker tag removed,
     * stripped, joined with single spaces. A line without a known speaker tag continues the turn before it;
     * lines before the first tag and turns by clinicians ({@code Doctor:}, {@code Guest_clinician:}
     * ...) are left out.
     */
    public static String patientTurns(String dialogue) {
        StringBuilder out = new StringBuilder();
        boolean patient = false;
        for (String line : dialogue.split("\r\n|\r|\n")) {
            String text = line;
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                String speaker = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[_0-9]", "");
                if (PATIENT_SIDE.contains(speaker)) {
                    patient = true;
                    text = m.group(2);
                } else if (CLINICIAN_SIDE.contains(speaker)) {
                    patient = false;
                    continue;
                }
            }
            text = text.strip();
            if (patient && !text.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(text);
            }
        }
        return out.toString();
    }
}
