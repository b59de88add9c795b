//! Exporting a review as the PDF for interministerial sign-off.

use super::{Desk, DeskError};
use crate::pdf::{render, PdfOptions};

impl Desk {
    /// The PDF of a review at its current revision. With no creation date in `options`, the
    /// review's last save is recorded, so that the same revision always gives the same bytes.
    pub fn export_pdf(&self, id: &str, options: &PdfOptions) -> Result<Vec<u8>, DeskError> {
        let document = self.document(id)?;
        Ok(render(self.template, &document, options)?)
    }
}
