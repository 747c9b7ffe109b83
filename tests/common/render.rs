//! Drawing an [`App`] the way the terminal would, into ratatui's `TestBackend`.

use clusterboard::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Draws one frame at the app's own size; snapshot the backend, or read it
/// with [`text_of`].
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).expect("terminal");
    terminal
        .draw(|f| clusterboard::ui::render(app, f))
        .expect("frame draws");
    terminal
}

/// The buffer's symbols row by row, one line each: what a user would read.
pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
