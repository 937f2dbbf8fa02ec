#include "ui/MainWindow.h"

#include "ui/dialogs/AboutDialog.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/intake/MediaIntake.h"
#include "ui/intake/WindowDropFilter.h"
#include "ui/layout/DockLayout.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/panels/VideoPanel.h"
#include "ui/widgets/ImageView.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

namespace gwb::ui {

namespace {
constexpr int kMessageTimeoutMs = 10000;
constexpr QSize kDefaultSize(1400, 900);
} // namespace

MainWindow::MainWindow(QWidget* parent) : MainWindow(Options(), parent) {}

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent), m_options(options), m_image(new ImagePanel), m_audio(new AudioPanel),
      m_video(new VideoPanel), m_prompt(new PromptPanel), m_output(new OutputPanel),
      m_model(new ModelPanel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gemma Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/gemma-workbench.svg")));
    setDockNestingEnabled(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    resize(kDefaultSize);

    createDocks();
    createMenus();
    createStatusBar();
    connectIntake();
    connectEngine();

    // The whole window takes drops; the filter makes child widgets forward them here.
    setAcceptDrops(true);
    auto* drops = new WindowDropFilter(this);
    connect(drops, &WindowDropFilter::dropped, m_intake, &MediaIntake::openMimeData);

    setEngineState(EngineState());
    m_layout->arrangeDefault();
    if (m_options.restoreLayout)
        restoreLayout();
    if (m_options.startEngine)
        m_controller->start();
}

// The bridge joins the engine thread (cancelling a running request first) while the panels it
// streams into still exist.
MainWindow::~MainWindow()
{
    delete m_controller;
    delete m_bridge;
}

QDockWidget* MainWindow::addPanelDock(QWidget* panel, const QString& title,
                                      const QString& objectName)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState() keys the layout by object name
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                      | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_promptDock = addPanelDock(m_prompt, tr("Prompt"), QStringLiteral("promptDock"));
    m_imageDock = addPanelDock(m_image, tr("Image"), QStringLiteral("imageDock"));
    m_videoDock = addPanelDock(m_video, tr("Video"), QStringLiteral("videoDock"));
    m_audioDock = addPanelDock(m_audio, tr("Audio"), QStringLiteral("audioDock"));
    m_outputDock = addPanelDock(m_output, tr("Output"), QStringLiteral("outputDock"));
    m_modelDock = addPanelDock(m_model, tr("Model"), QStringLiteral("modelDock"));
    m_layout = std::make_unique<DockLayout>(
        this, DockLayout::Docks{m_imageDock, m_videoDock, m_audioDock, m_promptDock, m_outputDock,
                                m_modelDock});
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openFilesDialog);
    file->addAction(tr("Open &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    &MainWindow::openFolderDialog);
    // Ctrl+V reaches this action only when no text field has focus: text widgets claim the
    // standard Paste shortcut for themselves, so pasting text into the prompt still works.
    file->addAction(tr("&Paste Image"), QKeySequence::Paste, this, &MainWindow::pasteFromClipboard);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QList<QDockWidget*> docks = {m_promptDock, m_imageDock, m_videoDock,
                                       m_audioDock, m_outputDock, m_modelDock};
    for (int i = 0; i < docks.size(); ++i) {
        QAction* toggle = docks[i]->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        view->addAction(toggle);
    }
    view->addSeparator();
    ImageView* image = m_image->view();
    view->addAction(tr("&Fit Image"), QKeySequence(Qt::CTRL | Qt::Key_0), image, &ImageView::fitToWindow);
    view->addAction(tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_1), image, &ImageView::actualSize);
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, image, &ImageView::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, image, &ImageView::zoomOut);
    view->addSeparator();
    view->addAction(tr("Play/Pause &Audio"), QKeySequence(Qt::CTRL | Qt::Key_P), m_audio,
                    &AudioPanel::togglePlayback);
    view->addAction(tr("Play/Pause &Video"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), m_video,
                    &VideoPanel::togglePlayback);
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
    help->addAction(tr("&About Gemma Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createStatusBar()
{
    m_engineLabel = new QLabel(this);
    m_engineLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_engineLabel);
    statusBar()->showMessage(tr("Drop images, audio or video anywhere, or press Ctrl+O."));
}

void MainWindow::connectIntake()
{
    m_intake = new MediaIntake({m_image, m_audio, m_video, m_prompt}, this);
    connect(m_intake, &MediaIntake::message, this, &MainWindow::showMessage);
    connect(m_intake, &MediaIntake::panelWanted, this, &MainWindow::raisePanel);
    connect(m_image, &ImagePanel::message, this, &MainWindow::showMessage);
    connect(m_audio, &AudioPanel::message, this, &MainWindow::showMessage);
    connect(m_video, &VideoPanel::message, this, &MainWindow::showMessage);
}

void MainWindow::connectEngine()
{
    m_bridge = new EngineBridge(this);
    m_controller = new EngineController(m_bridge, {m_model, m_prompt, m_output, m_image, m_audio}, this);
    connect(m_controller, &EngineController::stateChanged, this, &MainWindow::setEngineState);
    connect(m_controller, &EngineController::message, this, &MainWindow::showMessage);
}

void MainWindow::showMessage(const QString& text)
{
    statusBar()->showMessage(text, kMessageTimeoutMs);
}

void MainWindow::raisePanel(MediaKind kind)
{
    QDockWidget* dock = kind == MediaKind::Audio   ? m_audioDock
                        : kind == MediaKind::Video ? m_videoDock
                                                   : m_imageDock;
    dock->show();
    dock->raise();
}

QString MainWindow::engineStatusText() const
{
    return m_engineLabel->text();
}

void MainWindow::setEngineState(const EngineState& state)
{
    m_engine = state;
    m_engineLabel->setText(state.statusText());
    const QString blocked = state.runBlockedReason();
    m_engineLabel->setToolTip(blocked.isEmpty() ? state.deviceText()
                                                : state.deviceText() + QLatin1Char('\n') + blocked);
    m_prompt->setEngineState(state);
    m_model->setEngineState(state);
}

int MainWindow::openPaths(const QStringList& paths)
{
    return m_intake->openPaths(paths);
}

void MainWindow::openFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Media"), QString(),
        tr("Media (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg "
           "*.opus *.m4a *.mp4 *.mkv *.webm *.mov *.avi);;All files (*)"));
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::openFolderDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Folder"));
    if (!folder.isEmpty())
        openPaths({folder});
}

bool MainWindow::pasteFromClipboard()
{
    const QMimeData* clipboard = QApplication::clipboard()->mimeData();
    if (!WindowDropFilter::carriesMedia(clipboard)) {
        showMessage(tr("The clipboard holds no image or file to open."));
        return false;
    }
    return m_intake->openMimeData(clipboard);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    m_layout->save(settings);
}

bool MainWindow::restoreLayout()
{
    const QSettings settings;
    return m_layout->restore(settings);
}

void MainWindow::resetLayout()
{
    m_layout->arrangeDefault();
    showMessage(tr("Panels are back in their default places."));
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    // Built from the actions themselves, so the list can never disagree with the menus.
    QString rows;
    const QList<QAction*> actions = findChildren<QAction*>();
    for (const QAction* action : actions) {
        if (action->shortcut().isEmpty() || action->text().isEmpty())
            continue;
        rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(QString(action->text()).remove(QLatin1Char('&')).toHtmlEscaped(),
                         action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
    }
    rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                .arg(tr("Run the task"), QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText));
    QMessageBox box(this);
    box.setWindowTitle(tr("Keyboard Shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(QStringLiteral("<table cellspacing=6>%1</table>").arg(rows));
    box.exec();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_options.saveLayoutOnClose)
        saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace gwb::ui
