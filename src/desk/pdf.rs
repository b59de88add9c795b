//! Exporting a review as the PDF for interministerial sign-off.

use super::sign::file_name;
use super::{Desk, DeskError};
use crate::pdf::{render, PdfOptions};
use crate::store::now;

impl Desk {
    /// The PDF of a review at its current revision. With no creation date in `options`, the
    /// review's last save is recorded, so that the same revision always gives the same bytes.
    /// Without a key in `options`, the active signing key (if any) is printed on the sign-off
    /// sheet, binding the paper to the JSON that key signs.
    pub fn export_pdf(&self, id: &str, options: &PdfOptions) -> Result<Vec<u8>, DeskError> {
        let document = self.document(id)?;
        let mut options = options.clone();
        if options.signer_kid.is_none() {
            options.signer_kid = self.active_key().ok().map(|k| k.kid);
        }
        Ok(render(self.template, &document, &options)?)
    }

    /// The file name to offer for a review's PDF: `GCM-review_<ISO3>_<cycle>_<date>.pdf`.
    pub fn pdf_file_name(&self, id: &str) -> Result<String, DeskError> {
        let document = serde_json::to_value(self.document(id)?)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(file_name(&document, &now()[..10], "pdf"))
    }
}
