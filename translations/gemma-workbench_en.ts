<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>gwb::ui::BatchPanel</name>
        <message numerus="yes">
            <source>%n file(s) added to the batch.</source>
            <translation>
                <numerusform>%n file added to the batch.</numerusform>
                <numerusform>%n files added to the batch.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>gwb::ui::BatchQueue</name>
        <message numerus="yes">
            <source>%n segment(s) so far</source>
            <translation>
                <numerusform>%n segment so far</numerusform>
                <numerusform>%n segments so far</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>gwb::ui::MediaIntake</name>
        <message numerus="yes">
            <source>Opened %n file(s): task set to %1</source>
            <translation>
                <numerusform>Opened %n file: task set to %1</numerusform>
                <numerusform>Opened %n files: task set to %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) are not images, audio or video (e.g. %1)</source>
            <translation>
                <numerusform>%n file is not an image, audio or video (%1)</numerusform>
                <numerusform>%n files are not images, audio or video (e.g. %1)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n path(s) could not be read</source>
            <translation>
                <numerusform>%n path could not be read</numerusform>
                <numerusform>%n paths could not be read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n more file(s) skipped: at most %1 files per drop</source>
            <translation>
                <numerusform>%n more file skipped: at most %1 files per drop</numerusform>
                <numerusform>%n more files skipped: at most %1 files per drop</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>gwb::ui::ModelPanel</name>
        <message numerus="yes">
            <source>%1: %2, %n layer(s)</source>
            <translation>
                <numerusform>%1: %2, %n layer</numerusform>
                <numerusform>%1: %2, %n layers</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>gwb::ui::ResultExporter</name>
        <message numerus="yes">
            <source>Copied %n detection(s) as JSON.</source>
            <translation>
                <numerusform>Copied %n detection as JSON.</numerusform>
                <numerusform>Copied %n detections as JSON.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>gwb::ui::VideoPanel</name>
        <message numerus="yes">
            <source>%n frame(s) a video task looks at</source>
            <translation>
                <numerusform>%n frame a video task looks at</numerusform>
                <numerusform>%n frames a video task looks at</numerusform>
            </translation>
        </message>
    </context>
</TS>
