package org.rayport.pacsupload.internal;

import java.lang.annotation.Annotation;

/** The settings a test gives; the defaults are the metatype's, except for the short retry delay. */
final class Settings implements PacsUploadConfig {

    String pacsHost = "";
    int pacsPort = 104;
    String calledAeTitle = "ORTHANC";
    String callingAeTitle = "RAYPORT";
    long retryDelaySeconds = 1;
    long maxRetryDelaySeconds = 2;
    double giveUpDays = 7;
    int batchSize = 100;
    int timeoutSeconds = 10;
    String sharePool = "share";

    Settings pacs(int port, String calledAe) {
        pacsHost = "127.0.0.1";
        pacsPort = port;
        calledAeTitle = calledAe;
        return this;
    }

    @Override
    public String pacsHost() {
        return pacsHost;
    }

    @Override
    public int pacsPort() {
        return pacsPort;
    }

    @Override
    public String calledAeTitle() {
        return calledAeTitle;
    }

    @Override
    public String callingAeTitle() {
        return callingAeTitle;
    }

    @Override
    public long retryDelaySeconds() {
        return retryDelaySeconds;
    }

    @Override
    public long maxRetryDelaySeconds() {
        return maxRetryDelaySeconds;
    }

    @Override
    public double giveUpDays() {
        return giveUpDays;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public String sharePool() {
        return sharePool;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return PacsUploadConfig.class;
    }
}
