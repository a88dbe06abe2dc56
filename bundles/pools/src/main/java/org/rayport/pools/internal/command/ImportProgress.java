package org.rayport.pools.internal.command;

import java.io.PrintStream;

/** A one-line progress bar, redrawn in place: {@code [#########.........]  45% 450/1000}. */
final class ImportProgress {

    private static final int WIDTH = 40;

    private final int total;
    private final PrintStream out;
    private int done;
    private int drawnPercent = -1;

    ImportProgress(int total, PrintStream out) {
        this.total = total;
        this.out = out;
        draw();
    }

    void advance() {
        done++;
        draw();
    }

    /** Prints a message on its own line and redraws the bar under it. */
    void note(String message) {
        out.print("\r" + " ".repeat(WIDTH + 24) + "\r");
        out.println(message);
        drawnPercent = -1;
        draw();
    }

    void finish() {
        out.println();
    }

    private void draw() {
        int percent = total == 0 ? 100 : (int) (done * 100L / total);
        if (percent == drawnPercent && done != total) {
            return;
        }
        drawnPercent = percent;
        int filled = percent * WIDTH / 100;
        out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%% %d/%d",
                percent, done, total));
        out.flush();
    }
}
