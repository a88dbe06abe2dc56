package org.rayport.pacsupload.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed entry is tried again: the first delay, doubled with every further failure up to the longest; no
 * more attempts once the give-up period since the entry was queued has passed.
 */
record RetryPolicy(Duration firstDelay, Duration longestDelay, Duration giveUpAfter) {

    RetryPolicy {
        if (firstDelay.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("The first retry delay must be at least 1 second: " + firstDelay);
        }
        if (longestDelay.compareTo(firstDelay) < 0) {
            longestDelay = firstDelay;
        }
        if (giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("The give-up period cannot be negative: " + giveUpAfter);
        }
    }

    static RetryPolicy of(PacsUploadConfig config) {
        if (Double.isNaN(config.giveUpDays()) || config.giveUpDays() < 0) {
            throw new IllegalArgumentException("giveUpDays must be 0 or more: " + config.giveUpDays());
        }
        return new RetryPolicy(Duration.ofSeconds(config.retryDelaySeconds()),
                Duration.ofSeconds(config.maxRetryDelaySeconds()),
                Duration.ofSeconds((long) (config.giveUpDays() * 24 * 3600)));
    }

    /**
     * @param failedAttempts attempts so far, the one that just failed included
     * @return when to try next, or null to give up
     */
    Instant nextAttempt(int failedAttempts, Instant queuedAt, Instant now) {
        if (!now.isBefore(queuedAt.plus(giveUpAfter))) {
            return null;
        }
        Duration delay = firstDelay;
        for (int i = 1; i < failedAttempts && delay.compareTo(longestDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return now.plus(delay.compareTo(longestDelay) > 0 ? longestDelay : delay);
    }

    String givingUp(String error) {
        return "Given up after " + describe(giveUpAfter) + ": " + error;
    }

    private static String describe(Duration period) {
        long hours = period.toHours();
        if (hours >= 24 && hours % 24 == 0) {
            return (hours / 24) + (hours == 24 ? " day" : " days");
        }
        return hours >= 1 ? hours + " h" : period.toSeconds() + " s";
    }
}
