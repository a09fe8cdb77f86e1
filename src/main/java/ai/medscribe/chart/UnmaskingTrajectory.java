package ai.medscribe.chart;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The case study's unmasking picture: one row per selected step, one cell per token, coloured as
 * mask (grey), section header (blue) or content (green), with the word written in the cell.
 */
public final class UnmaskingTrajectory {

    /** What a token is, for its colour. */
    public enum Kind {
        MASK(new Color(0xE0E0E0), new Color(0x999999)),
        HEADER(new Color(0xBBDEFB), new Color(0x1565C0)),
        CONTENT(new Color(0xC8E6C9), new Color(0x2E7D32)),
        PAD(new Color(0xFAFAFA), new Color(0xBDBDBD));

        final Color fill;
        final Color text;

        Kind(Color fill, Color text) {
            this.fill = fill;
            this.text = text;
        }
    }

    /** One token of one step. */
    public record Cell(String word, Kind kind) {
    }

    /** One row of the picture: the canvas after a step. */
    public record Row(int step, List<Cell> cells) {
    }

    private static final int CELL_W = 62;
    private static final int CELL_H = 26;
    private static final int LABEL_W = 70;
    private static final int TITLE_H = 34;

    private UnmaskingTrajectory() {
    }

    /** Writes the picture; each row shows at most {@code columns} tokens. */
    public static void write(Path png, String title, List<Row> rows, int columns) throws IOException {
        int width = LABEL_W + columns * CELL_W + 10;
        int height = TITLE_H + rows.size() * (CELL_H + 8) + 10;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, 10, 22);
            Font cellFont = new Font(Font.MONOSPACED, Font.PLAIN, 10);
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                int y = TITLE_H + r * (CELL_H + 8);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                g.drawString("Step " + row.step(), 8, y + CELL_H - 8);
                g.setFont(cellFont);
                for (int c = 0; c < Math.min(columns, row.cells().size()); c++) {
                    Cell cell = row.cells().get(c);
                    int x = LABEL_W + c * CELL_W;
                    g.setColor(cell.kind().fill);
                    g.fillRect(x, y, CELL_W - 3, CELL_H);
                    g.setColor(new Color(0x666666));
                    g.setStroke(new BasicStroke(0.5f));
                    g.drawRect(x, y, CELL_W - 3, CELL_H);
                    g.setColor(cell.kind().text);
                    String word = cell.word().length() > 9 ? cell.word().substring(0, 9) : cell.word();
                    g.drawString(word, x + 3, y + CELL_H - 9);
                }
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }
}
