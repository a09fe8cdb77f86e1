package ai.medscribe.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Small PNG chart writers (XChart, headless) for EDA, training curves and evaluation figures.
 * Every method writes exactly the file it is given (parent folders are created).
 */
public final class Charts {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** One named line of a line chart: x and y of equal length. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": x has " + x.length + " values, y " + y.length);
            }
        }

        /** A series over x = 1, 2, ..., n (epochs, steps). */
        public static Series of(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
            }
            return new Series(name, x, y);
        }
    }

    /** A histogram of the values in {@code bins} equal-width bins; the title gets the mean appended. */
    public static void histogram(Path png, String title, String xLabel, Collection<? extends Number> values, int bins)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title + String.format(" (mean %.1f)", mean(values))).xAxisTitle(xLabel).yAxisTitle("Count").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.98);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisLabelRotation(45);
        if (values.isEmpty()) {
            chart.addSeries("count", List.of(0.0), List.of(0.0));
        } else {
            // Histogram calls contains(null), which immutable lists reject.
            Histogram h = new Histogram(new ArrayList<>(values), Math.max(1, bins));
            chart.addSeries("count", h.getxAxisData(), h.getyAxisData());
        }
        save(chart, png);
    }

    /** Vertical bars, one per label, with symmetric error bars (e.g. mean and standard deviation). */
    public static void barsWithErrors(Path png, String title, String yLabel, List<String> labels, List<Double> values,
            List<Double> errors) throws IOException {
        CategoryChart chart = categoryChart(title, yLabel);
        chart.addSeries(yLabel, labels, values, errors);
        save(chart, png);
    }

    /** Vertical bars, one per label. */
    public static void verticalBars(Path png, String title, String yLabel, List<String> labels, List<? extends Number> values)
            throws IOException {
        CategoryChart chart = categoryChart(title, yLabel);
        chart.addSeries(yLabel, labels, values);
        save(chart, png);
    }

    /**
     * Horizontal bars, first label on top, each bar annotated with its value (XChart has no
     * horizontal bars, so this one is drawn directly).
     */
    public static void horizontalBars(Path png, String title, String xLabel, List<String> labels, List<? extends Number> values)
            throws IOException {
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + values.size() + " values");
        }
        int rowHeight = 22;
        int top = 50;
        int height = Math.max(HEIGHT, top + 60 + rowHeight * labels.size());
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            FontMetrics titleMetrics = g.getFontMetrics();
            g.drawString(title, (WIDTH - titleMetrics.stringWidth(title)) / 2, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            int labelWidth = 0;
            for (String label : labels) {
                labelWidth = Math.max(labelWidth, fm.stringWidth(label));
            }
            int left = 15 + labelWidth + 8;
            int plotWidth = WIDTH - left - 70;
            double max = 0;
            for (Number v : values) {
                max = Math.max(max, v.doubleValue());
            }
            for (int i = 0; i < labels.size(); i++) {
                double v = values.get(i).doubleValue();
                int y = top + i * rowHeight;
                int w = max <= 0 ? 0 : (int) Math.round(plotWidth * Math.max(0, v) / max);
                g.setColor(new Color(70, 130, 180));
                g.fillRect(left, y + 3, w, rowHeight - 6);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1f));
                g.drawRect(left, y + 3, w, rowHeight - 6);
                g.drawString(labels.get(i), left - 8 - fm.stringWidth(labels.get(i)), y + rowHeight / 2 + fm.getAscent() / 2 - 1);
                g.drawString(formatValue(v), left + w + 5, y + rowHeight / 2 + fm.getAscent() / 2 - 1);
            }
            int axisY = top + labels.size() * rowHeight + 5;
            g.drawLine(left, top, left, axisY);
            g.drawString(xLabel, left + (plotWidth - fm.stringWidth(xLabel)) / 2, axisY + 25);
        } finally {
            g.dispose();
        }
        createParent(png);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    /** A line chart of several series on one y axis. */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        lines(png, title, xLabel, yLabel, series, null, List.of());
    }

    /**
     * A line chart of several series on the left y axis and, when {@code rightSeries} is not empty,
     * more series on a second y axis on the right (e.g. loss on the left, learning rate on the right).
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series,
            String rightLabel, List<Series> rightSeries) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Series> all = new ArrayList<>(series);
        all.addAll(rightSeries);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a line chart needs at least one series");
        }
        for (Series s : series) {
            addLine(chart, s, 0);
        }
        if (!rightSeries.isEmpty()) {
            for (Series s : rightSeries) {
                addLine(chart, s, 1);
            }
            chart.setYAxisGroupTitle(1, rightLabel == null ? "" : rightLabel);
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        save(chart, png);
    }

    private static void addLine(XYChart chart, Series s, int axisGroup) {
        double[] x = s.x().length == 0 ? new double[] {0} : s.x();
        double[] y = s.y().length == 0 ? new double[] {0} : s.y();
        XYSeries line = chart.addSeries(s.name(), x, y);
        line.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        line.setYAxisGroup(axisGroup);
    }

    private static CategoryChart categoryChart(String title, String yLabel) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.##");
        return chart;
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        createParent(png);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void createParent(Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static double mean(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(0);
    }

    private static String formatValue(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.3g", v);
    }
}
