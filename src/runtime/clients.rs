//! The API clients of the selected profile; a pane whose server is absent has `None`.

use crate::api::cds::CdsClient;
use crate::api::waldur::WaldurClient;

#[derive(Debug, Clone, Default)]
pub struct Clients {
    pub waldur: Option<WaldurClient>,
    pub cds: Option<CdsClient>,
}
