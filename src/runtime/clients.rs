//! The API clients of the selected profile; a pane whose server is absent has `None`.

use crate::backends::cds::client::CdsClient;
use crate::backends::waldur::client::WaldurClient;

#[derive(Debug, Clone, Default)]
pub struct Clients {
    pub waldur: Option<WaldurClient>,
    pub cds: Option<CdsClient>,
}
