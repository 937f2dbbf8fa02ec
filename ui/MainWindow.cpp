#include "ui/MainWindow.h"

#include "ui/app/AppTheme.h"
#include "ui/app/ErrorLog.h"
#include "ui/batch/BatchPanel.h"
#include "ui/dialogs/AboutDialog.h"
#include "ui/dialogs/SettingsDialog.h"
#include "ui/dialogs/ShortcutsDialog.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/export/ResultExporter.h"
#include "ui/intake/MediaIntake.h"
#include "ui/intake/WindowDropFilter.h"
#include "ui/layout/DockLayout.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelGuide.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/panels/VideoPanel.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/RecentModels.h"
#include "ui/widgets/ImageView.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

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
    createExportAndBatch();

    // The whole window takes drops; the filter makes child widgets forward them here.
    setAcceptDrops(true);
    auto* drops = new WindowDropFilter(this);
    connect(drops, &WindowDropFilter::dropped, m_intake, &MediaIntake::openMimeData);

    setEngineState(EngineState());
    applySettings(AppSettings::load());
    m_layout->arrangeDefault();
    placeBatchDock();
    const bool restored = m_options.restoreLayout && restoreLayout();
    // First run (no model chosen yet, no saved layout): the Model panel's guide gets the room.
    if (!restored && m_model->isGuideVisible())
        resizeDocks({m_promptDock, m_modelDock}, {400, 360}, Qt::Vertical);
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
    file->addAction(tr("Open &Model…"), QKeySequence(Qt::CTRL | Qt::Key_M), this, [this] {
        m_modelDock->show();
        m_modelDock->raise();
        m_model->chooseModel();
    });
    QMenu* recent = file->addMenu(tr("&Recent Models"));
    recent->setObjectName(QStringLiteral("recentModelsMenu"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        const QStringList paths = RecentModels::list();
        for (int i = 0; i < paths.size(); ++i) {
            QAction* action = recent->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(paths[i]));
            connect(action, &QAction::triggered, m_model, [this, path = paths[i]] { m_model->loadRecent(path); });
        }
        if (paths.isEmpty())
            recent->addAction(tr("No model loaded yet"))->setEnabled(false);
    });
    file->addSeparator();
    file->addAction(tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this, &MainWindow::showSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
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
    view->addAction(tr("&Reset Layout"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this,
                    &MainWindow::resetLayout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
    help->addAction(tr("&Getting a Model"), this, &MainWindow::showModelGuide);
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
    // The panels only report what they could not open or play.
    connect(m_image, &ImagePanel::message, this, &MainWindow::showError);
    connect(m_audio, &AudioPanel::message, this, &MainWindow::showError);
    connect(m_video, &VideoPanel::message, this, &MainWindow::showError);
}

void MainWindow::connectEngine()
{
    m_bridge = new EngineBridge(m_options.engineWorker, this);
    m_controller = new EngineController(m_bridge, {m_model, m_prompt, m_output, m_image, m_audio}, this);
    connect(m_controller, &EngineController::stateChanged, this, &MainWindow::setEngineState);
    connect(m_controller, &EngineController::message, this, &MainWindow::showMessage);
}

void MainWindow::createExportAndBatch()
{
    m_exporter = new ResultExporter({m_image, m_audio, m_output, m_prompt}, this);
    connect(m_exporter, &ResultExporter::message, this, &MainWindow::showMessage);
    connect(m_controller, &EngineController::promptTaskFinished, m_exporter, &ResultExporter::noteTaskFinished);
    connect(m_controller, &EngineController::promptTextStarted, m_exporter, &ResultExporter::noteTextRun);
    // File, Export, View, Help.
    auto* exportMenu = new QMenu(tr("E&xport"), this);
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    m_exporter->fillMenu(exportMenu);
    const QList<QAction*> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.size() > 1 ? menus[1] : nullptr, exportMenu);

    m_batch = new BatchPanel(m_controller);
    connect(m_batch, &BatchPanel::message, this, &MainWindow::showMessage);
    m_batchDock = addPanelDock(m_batch, tr("Batch"), QStringLiteral("batchDock"));
    QAction* toggle = m_batchDock->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_7));
    for (QAction* menu : menuBar()->actions()) {
        if (menu->menu() && menu->menu()->objectName() == QLatin1String("viewMenu"))
            menu->menu()->insertAction(menu->menu()->actions().value(6), toggle);
    }
}

// The batch queue shares the Output panel's place, as a tab behind it.
void MainWindow::placeBatchDock()
{
    m_batchDock->setFloating(false);
    tabifyDockWidget(m_outputDock, m_batchDock);
    m_outputDock->raise();
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
    placeBatchDock();
    showMessage(tr("Panels are back in their default places."));
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(ShortcutsDialog::collect(this), this);
    dialog.exec();
}

void MainWindow::showSettings()
{
    const AppSettings before = AppSettings::load();
    SettingsDialog dialog(before, m_engine.devices(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings after = dialog.settings();
    after.save();
    applySettings(after);
    if (after.language != before.language || after.device != before.device)
        showMessage(tr("Settings saved. The language and the device change after a restart."));
    else
        showMessage(tr("Settings saved."));
}

void MainWindow::applySettings(const AppSettings& settings)
{
    m_prompt->setGenerationDefaults(settings.imageBudget, settings.maxNewTokens, settings.temperature,
                                    settings.topK, settings.topP);
    if (settings.theme != AppTheme::current())
        AppTheme::apply(settings.theme);
}

void MainWindow::showModelGuide()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Getting a Model"));
    auto* guide = new ModelGuide(&dialog);
    guide->setDevice(m_engine.device(), m_engine.deviceMemoryBytes(), m_engine.isCpuFallback());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(guide);
    layout->addWidget(buttons);
    dialog.resize(560, dialog.sizeHint().height());
    dialog.exec();
}

void MainWindow::showError(const QString& text)
{
    ErrorLog::record(QStringLiteral("window"), text);
    m_output->showError(text);
    m_outputDock->show();
    statusBar()->showMessage(text, 2 * kMessageTimeoutMs);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_options.saveLayoutOnClose)
        saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace gwb::ui
